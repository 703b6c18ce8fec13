using EdgeMargin.Uncertainty;

namespace EdgeMargin.Tests.Uncertainty;

public class TopKDistributionTests
{
    [Fact]
    public void Reference_procedure_trims_lowercases_merges_drops_empty_and_renormalises()
    {
        var d = TopKDistribution.FromTokens([new(" Paris", 0.4), new("paris", 0.2), new("London", 0.3), new("  ", 0.05), new("Rome", 0.01)]);
        Assert.Equal(["paris", "london", "rome"], d.Tokens);
        Assert.Equal(0.6, d.Probabilities[0], 12);
        Assert.Equal(0.91, d.KeptMass, 12);
        Assert.Equal(0.09, d.TailMass, 12);
        // p1 = 0.6/0.91, p2 = 0.3/0.91 -> u = 1 - 0.3/0.91
        Assert.Equal(1 - 0.3 / 0.91, MarginSignal.Instance.Compute(d), 12);
    }

    [Fact]
    public void Keeps_only_the_k_most_probable_merged_entries()
    {
        // Thirty distinct probabilities in a scrambled order (i * 7 mod 30 visits every rank once): t{r} has rank r.
        var tokens = Enumerable.Range(0, 30).Select(i => i * 7 % 30).Select(r => new TokenProbability($"t{r}", 0.03 - 0.0008 * r)).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(r => $"t{r}"), TopKDistribution.FromTokens(tokens).Tokens);
        var five = TopKDistribution.FromTokens(tokens, k: 5);
        Assert.Equal(Enumerable.Range(0, 5).Select(r => $"t{r}"), five.Tokens);
        Assert.Equal(Enumerable.Range(0, 5).Select(r => 0.03 - 0.0008 * r), five.Probabilities.ToArray(), (x, y) => Math.Abs(x - y) < 1e-15);
        // K is the cut size, shared by every list of a source however many entries each one keeps.
        Assert.Equal(5, TopKDistribution.FromTokens(tokens, k: 5).K);
        Assert.Equal((1, 10), (TopKDistribution.FromTokens([new("yes", 0.7)]).Count, TopKDistribution.FromTokens([new("yes", 0.7)]).K));
    }

    [Fact]
    public void A_single_token_has_no_competitor_so_uncertainty_is_zero()
    {
        Assert.Equal(0, MarginSignal.Instance.Compute(TopKDistribution.FromTokens([new("yes", 0.7)])));
    }

    [Fact]
    public void Two_equally_likely_answers_give_full_uncertainty()
    {
        Assert.Equal(1, MarginSignal.Instance.Compute(TopKDistribution.FromProbabilities([0.45, 0.45])), 12);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_probabilities_are_rejected_with_the_offending_entry_named(double p)
    {
        var ex = Assert.Throws<InvalidDistributionException>(() => TopKDistribution.FromTokens([new("a", 0.5), new("b", p)]));
        Assert.Contains("candidate 1", ex.Message);
    }

    [Fact]
    public void Empty_and_blank_lists_are_rejected_clearly()
    {
        Assert.Contains("empty", Assert.Throws<InvalidDistributionException>(() => TopKDistribution.FromTokens([])).Message);
        Assert.Contains("empty after trimming", Assert.Throws<InvalidDistributionException>(() => TopKDistribution.FromTokens([new(" ", 0.5)])).Message);
        Assert.Contains("sum to", Assert.Throws<InvalidDistributionException>(() => TopKDistribution.FromProbabilities([0.8, 0.7])).Message);
    }
}
