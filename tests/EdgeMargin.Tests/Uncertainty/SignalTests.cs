using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Tests.Uncertainty;

public class SignalTests
{
    private static TopKDistribution D(params double[] p) => TopKDistribution.FromProbabilities(p);

    private static QueryProfile Q(TopKDistribution d, double[]? logProbs = null) => new()
    {
        Id = "q",
        NextToken = d,
        AnswerTokenLogProbs = logProbs,
        PayloadBytes = 100,
        SlmTimeS = 0.1,
        LlmTimeS = 0.3,
        SlmCorrect = true,
        LlmCorrect = true,
    };

    [Fact]
    public void Max_probability_uses_the_models_own_top_probability()
    {
        Assert.Equal(0.4, MaxProbabilitySignal.Instance.Compute(D(0.6, 0.2)), 12);
        // Renormalising would give p1 = 0.75 and u = 0.25; the tail's 0.2 counts as doubt instead.
        Assert.Equal(0.0, MaxProbabilitySignal.Instance.Compute(D(1.0)), 12);
    }

    [Fact]
    public void Entropy_counts_the_tail_as_one_extra_outcome_and_is_normalised_by_ln_k_plus_1()
    {
        // 0.5, 0.25 kept, tail 0.25: H = 1.5 ln 2; with K = 10 the normaliser is ln 11.
        double expected = 1.5 * Math.Log(2) / Math.Log(11);
        Assert.Equal(expected, EntropySignal.Instance.Compute(D(0.5, 0.25)), 12);
        Assert.Equal(0.0, EntropySignal.Instance.Compute(D(1.0)), 12);
        // A uniform K + tail scores 1.
        var uniform = Enumerable.Repeat(1.0 / 11, 10).ToArray();
        Assert.Equal(1.0, EntropySignal.Instance.Compute(D(uniform)), 9);
        Assert.Equal(1.0, new EntropySignal(1).Compute(D(0.5)), 12);
    }

    [Fact]
    public void Entropy_normalises_by_the_lists_own_k_so_it_neither_saturates_nor_falls_short()
    {
        // K = 20: a uniform 20 + tail is the most uncertain list and scores 1; 15 of those entries (tail 6/21) must
        // score less. A normaliser fixed at ln 11 put both at the clamp (H = ln 21 and 2.53 both exceed ln 11).
        double[] twenty = Enumerable.Repeat(1.0 / 21, 20).ToArray();
        double full = EntropySignal.Instance.Compute(TopKDistribution.FromProbabilities(twenty, k: 20));
        double fewer = EntropySignal.Instance.Compute(TopKDistribution.FromProbabilities(twenty[..15], k: 20));
        Assert.Equal(1.0, full, 9);
        double h15 = 15 / 21.0 * Math.Log(21) - 6 / 21.0 * Math.Log(6 / 21.0);
        Assert.Equal(h15 / Math.Log(21), fewer, 12);
        // K = 3: a uniform 3 + tail reaches 1 too (ln 11 left it at ln 4 / ln 11 = 0.58).
        Assert.Equal(1.0, EntropySignal.Instance.Compute(TopKDistribution.FromProbabilities([0.25, 0.25, 0.25], k: 3)), 9);
        // Fewer entries than K keep the source's K: a lone (0.5, 0.5) pair is not as uncertain as a ten-way spread.
        Assert.Equal(Math.Log(2) / Math.Log(11), EntropySignal.Instance.Compute(D(0.5, 0.5)), 12);
        // An explicit K overrides the list's and clamps a longer list.
        Assert.Equal(1.0, new EntropySignal(5).Compute(TopKDistribution.FromProbabilities(twenty, k: 20)), 12);
    }

    [Fact]
    public void Log_ratio_maps_ties_to_one_and_lone_tokens_to_zero()
    {
        Assert.Equal(1.0, LogRatioSignal.Instance.Compute(D(0.4, 0.4)), 12);
        Assert.Equal(0.0, LogRatioSignal.Instance.Compute(D(0.9)), 12);
        Assert.Equal(0.0, LogRatioSignal.Instance.Compute(D(0.9, 0.0)), 12);
        Assert.Equal(1 / (1 + Math.Log(4)), LogRatioSignal.Instance.Compute(D(0.8, 0.2)), 12);
        // Unchanged by renormalisation: only the ratio matters.
        Assert.Equal(LogRatioSignal.Instance.Compute(D(0.4, 0.1)), LogRatioSignal.Instance.Compute(D(0.8, 0.2)), 12);
    }

    [Fact]
    public void Mean_log_prob_is_one_minus_the_geometric_mean_token_probability()
    {
        double u = MeanLogProbSignal.Instance.Compute(Q(D(0.9, 0.1), [Math.Log(0.5), Math.Log(0.8)]));
        Assert.Equal(1 - Math.Sqrt(0.4), u, 12);
        Assert.Equal(1.0, MeanLogProbSignal.Instance.Compute(Q(D(0.9, 0.1), [double.NegativeInfinity])), 12);
    }

    [Fact]
    public void Mean_log_prob_refuses_a_query_without_answer_log_probs_or_with_probabilities_in_their_place()
    {
        var ex = Assert.Throws<SignalUnavailableException>(() => MeanLogProbSignal.Instance.Compute(Q(D(0.9, 0.1))));
        Assert.Contains("margin", ex.Message);
        Assert.Throws<SignalUnavailableException>(() => MeanLogProbSignal.Instance.Compute(Q(D(0.9, 0.1), [])));
        Assert.Throws<InvalidDistributionException>(() => MeanLogProbSignal.Instance.Compute(Q(D(0.9, 0.1), [0.5])));
        var nan = Assert.Throws<InvalidDistributionException>(() => MeanLogProbSignal.Instance.Compute(Q(D(0.9, 0.1), [-0.1, double.NaN])));
        Assert.Contains("Answer token 1", nan.Message);
        Assert.Throws<InvalidDistributionException>(() => MeanLogProbSignal.Instance.Compute(Q(D(0.9, 0.1), [double.PositiveInfinity])));
        // Softmax rounding a hair above 0 is a certain token, not an error.
        Assert.Equal(0.0, MeanLogProbSignal.Instance.Compute(Q(D(0.9, 0.1), [1e-9])), 12);
    }

    [Fact]
    public void Every_signal_stays_in_the_unit_interval_on_degenerate_distributions()
    {
        double tiny = double.Epsilon;
        double[][] lists =
        [
            [1.0], [tiny], [0.3], [1 + 1e-10], // single token: certain, vanishing, thin, softmax rounding over 1
            [0.5, 0.5], [0.25, 0.25, 0.25, 0.25], [tiny, tiny], [0.1, 0.1, 0.1], // all equal, tail 0 or not
            [0.6, 0.4], [0.6, 0.4 + 5e-7], [0.3, 0.0, 0.0], [1e-300, 1e-310], // tail 0, over 1 by rounding, zeros, extremes
            Enumerable.Repeat(1.0 / 10, 10).ToArray(), Enumerable.Repeat(0.04, 25).ToArray(),
        ];
        foreach (double[] p in lists)
            foreach (int k in new[] { 2, 10, 30 })
            {
                var d = TopKDistribution.FromProbabilities(p, k);
                double[] logProbs = [Math.Log(d.Probabilities[0]), double.NegativeInfinity, -1e-12];
                foreach (var signal in SignalCatalog.All)
                {
                    double u = signal.Compute(Q(d, logProbs));
                    Assert.False(double.IsNaN(u), $"{signal.Name} on [{string.Join(", ", p)}] (k {k}) is NaN");
                    Assert.InRange(u, 0, 1);
                }
            }
    }

    [Fact]
    public void Every_next_token_signal_answers_the_query_interface_from_the_next_token()
    {
        var d = D(0.5, 0.3, 0.1);
        Assert.NotEmpty(SignalCatalog.NextToken);
        foreach (IUncertaintySignal signal in SignalCatalog.NextToken)
            Assert.Equal(signal.Compute(d), ((IQuerySignal)signal).Compute(Q(d)));
    }

    [Fact]
    public void All_equal_probabilities_are_maximally_uncertain_for_the_top_two_signals()
    {
        var d = D(0.25, 0.25, 0.25, 0.25);
        Assert.Equal(1.0, MarginSignal.Instance.Compute(d), 12);
        Assert.Equal(1.0, LogRatioSignal.Instance.Compute(d), 12);
        Assert.Equal(0.75, MaxProbabilitySignal.Instance.Compute(d), 12);
        Assert.Equal(Math.Log(4) / Math.Log(11), EntropySignal.Instance.Compute(d), 12);
    }

    [Fact]
    public void Unknown_signal_names_list_the_valid_ones()
    {
        var ex = Assert.Throws<EdgeMargin.Catalogs.UnknownNameException>(() => SignalCatalog.All.Get("confidence"));
        foreach (string n in SignalCatalog.All.Names) Assert.Contains(n, ex.Message);
        Assert.Same(MarginSignal.Instance, SignalCatalog.All.Get(" Margin "));
    }

    [Fact]
    public void Every_signal_stays_in_the_unit_interval_on_the_synthetic_workload()
    {
        var workload = new SyntheticWorkload();
        var random = new EdgeMargin.Sampling.SeededRandom(7);
        for (int i = 0; i < 500; i++)
        {
            var q = workload.Next(random);
            foreach (var s in SignalCatalog.All)
            {
                double u = s.Compute(q);
                Assert.InRange(u, 0, 1);
            }
            Assert.Equal(Math.Log(q.NextToken.Probabilities[0]), q.AnswerTokenLogProbs![0], 12);
        }
    }
}
