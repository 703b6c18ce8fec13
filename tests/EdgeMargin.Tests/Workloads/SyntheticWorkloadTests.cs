using EdgeMargin.Sampling;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Tests.Workloads;

public class SyntheticWorkloadTests
{
    private static List<QueryProfile> Draw(int n, ulong seed = 1)
    {
        var w = new SyntheticWorkload();
        var rng = new SeededRandom(seed);
        return Enumerable.Range(0, n).Select(_ => w.Next(rng)).ToList();
    }

    [Fact]
    public void Default_accuracies_sit_near_the_papers_local_and_edge_figures()
    {
        var q = Draw(40_000);
        Assert.InRange(q.Average(x => x.SlmCorrect ? 1.0 : 0), 0.43, 0.47);
        Assert.InRange(q.Average(x => x.LlmCorrect ? 1.0 : 0), 0.54, 0.58);
    }

    [Fact]
    public void Margin_uncertainty_predicts_small_model_errors()
    {
        var q = Draw(20_000);
        double ErrorRate(Func<double, bool> band) => q.Where(x => band(MarginSignal.Instance.Compute(x.NextToken))).Average(x => x.SlmCorrect ? 0.0 : 1);
        Assert.True(ErrorRate(u => u > 0.7) > ErrorRate(u => u < 0.3) + 0.3);
    }

    [Fact]
    public void Distributions_are_valid_descending_top_k_lists()
    {
        foreach (var x in Draw(2_000))
        {
            var p = x.NextToken.Probabilities;
            Assert.Equal(10, p.Length);
            for (int r = 1; r < p.Length; r++) Assert.True(p[r] <= p[r - 1] + 1e-15);
            Assert.InRange(x.NextToken.KeptMass, 0.9, 1 + 1e-9);
            Assert.InRange(x.PayloadBytes, 60, 4000);
            Assert.True(x.SlmTimeS > 0 && x.LlmTimeS > 0);
        }
    }

    [Fact]
    public void Same_seed_same_queries()
    {
        Assert.Equal(Draw(50, 9).Select(x => (x.PayloadBytes, x.SlmCorrect, x.NextToken.Probabilities[0])),
                     Draw(50, 9).Select(x => (x.PayloadBytes, x.SlmCorrect, x.NextToken.Probabilities[0])));
    }

    [Fact]
    public void Invalid_assumptions_are_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SyntheticWorkload(new SyntheticWorkloadOptions { MarginAlpha = -1, TopK = 1 }));
        Assert.Contains("MarginAlpha", ex.Message);
        Assert.Contains("TopK", ex.Message);
    }
}
