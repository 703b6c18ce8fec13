using EdgeMargin.Analysis;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Tests.Analysis;

/// <summary>Every expected value here is worked out by hand in the comment beside it.</summary>
public class MetricTests
{
    private static readonly double[] Scores = [0.9, 0.8, 0.7, 0.1];
    private static readonly bool[] Wrong = [true, false, true, false];

    [Fact]
    public void Auroc_counts_ordered_pairs()
    {
        // Positive-negative pairs: (.9,.8) (.9,.1) (.7,.1) ranked right, (.7,.8) wrong: 3/4.
        Assert.Equal(0.75, RankingMetrics.Auroc(Scores, Wrong), 12);
    }

    [Fact]
    public void Auroc_gives_ties_half_credit()
    {
        // Pairs: .9>.5, .9>.1, .5=.5 (half), .5>.1: 3.5 / 4.
        Assert.Equal(0.875, RankingMetrics.Auroc([0.9, 0.5, 0.5, 0.1], [true, true, false, false]), 12);
        Assert.Equal(0.5, RankingMetrics.Auroc([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), 12);
        Assert.Equal(1.0, RankingMetrics.Auroc([0.9, 0.8, 0.2], [true, true, false]), 12);
        Assert.Equal(0.0, RankingMetrics.Auroc([0.1, 0.8], [true, false]), 12);
    }

    [Fact]
    public void Average_precision_steps_through_distinct_thresholds()
    {
        // .9 (pos): P = 1, R = .5; .8 (neg); .7 (pos): P = 2/3, R = 1. AP = .5 + .5 * 2/3.
        Assert.Equal(0.5 + 0.5 * 2 / 3.0, RankingMetrics.AveragePrecision(Scores, Wrong), 12);
        // A tie enters as one threshold: .9 (pos) gives .5 * 1; the {.5, .5} group brings recall to 1 at precision 2/3.
        Assert.Equal(0.5 + 0.5 * 2 / 3.0, RankingMetrics.AveragePrecision([0.9, 0.5, 0.5, 0.1], [true, true, false, false]), 12);
        // All tied: one threshold at precision = positive rate.
        Assert.Equal(0.5, RankingMetrics.AveragePrecision([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), 12);
    }

    [Fact]
    public void Prr_is_the_share_of_the_oracles_gain_over_random()
    {
        // n = 4, 2 wrong, e = .5. Kept-wrong/n after rejecting k = 0..4: .5, .25, .25, 0, 0.
        // Trapezoids of width .25: .25 * (.375 + .25 + .125 + 0) = .1875. Random e/2 = .25, oracle e^2/2 = .125.
        Assert.Equal((0.25 - 0.1875) / 0.125, RankingMetrics.PredictionRejectionRatio(Scores, Wrong), 12);
        // With a tie the wrong answer leaves half per rejected item: .5, .25, .125, 0, 0 -> area .15625 -> PRR .75.
        Assert.Equal(0.75, RankingMetrics.PredictionRejectionRatio([0.9, 0.5, 0.5, 0.1], [true, true, false, false]), 12);
        Assert.Equal(1.0, RankingMetrics.PredictionRejectionRatio([0.9, 0.8, 0.2], [true, true, false]), 12);
        Assert.Equal(0.0, RankingMetrics.PredictionRejectionRatio([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), 12);
        Assert.True(RankingMetrics.PredictionRejectionRatio([0.1, 0.9], [true, false]) < 0);
    }

    [Fact]
    public void Metrics_are_nan_when_undefined()
    {
        Assert.True(double.IsNaN(RankingMetrics.Auroc([0.1, 0.2], [true, true])));
        Assert.True(double.IsNaN(RankingMetrics.Auroc([0.1, 0.2], [false, false])));
        Assert.True(double.IsNaN(RankingMetrics.Auroc([], [])));
        Assert.True(double.IsNaN(RankingMetrics.Auroc([0.4], [true])));
        Assert.True(double.IsNaN(RankingMetrics.PredictionRejectionRatio([0.4], [false])));
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([0.4], [true]), 12);
        // All-equal scores carry no ranking: chance everywhere.
        Assert.Equal(0.5, RankingMetrics.Auroc([0.3, 0.3, 0.3], [true, false, false]), 12);
        Assert.Equal(0.0, RankingMetrics.PredictionRejectionRatio([0.3, 0.3, 0.3], [true, false, false]), 12);
        Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecision([0.1, double.NaN], [true, false]));
        Assert.Throws<ArgumentException>(() => RankingMetrics.PredictionRejectionRatio([double.NaN, 0.1], [true, false]));
        Assert.True(double.IsNaN(RankingMetrics.AveragePrecision([0.1, 0.2], [false, false])));
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([0.1, 0.2], [true, true]), 12);
        Assert.True(double.IsNaN(RankingMetrics.PredictionRejectionRatio([0.1, 0.2], [true, true])));
        Assert.True(double.IsNaN(Calibration.ExpectedCalibrationError([], [])));
        Assert.Throws<ArgumentException>(() => RankingMetrics.Auroc([0.1], [true, false]));
        Assert.Throws<ArgumentException>(() => RankingMetrics.Auroc([double.NaN], [true]));
    }

    [Fact]
    public void Ece_weights_each_bins_gap_by_its_share()
    {
        // Bin [.1,.2): mean .1, observed .5 -> .4 * 2/4. Bin [.9, 1]: mean .9, observed 1 -> .1 * 2/4. Total .25.
        double[] p = [0.1, 0.1, 0.9, 0.9];
        bool[] y = [false, true, true, true];
        Assert.Equal(0.25, Calibration.ExpectedCalibrationError(p, y, 10), 12);
        var bins = Calibration.Reliability(p, y, 10);
        Assert.Equal(10, bins.Count);
        Assert.Equal(2, bins[1].Count);
        Assert.Equal(0.5, bins[1].ObservedRate, 12);
        Assert.True(double.IsNaN(bins[5].MeanPredicted));
        // A prediction of exactly 1 belongs to the last bin; with two bins both gaps are .5 and .1.
        Assert.Equal(1, Calibration.Reliability([1.0], [true], 4)[3].Count);
        Assert.Equal(0.25, Calibration.ExpectedCalibrationError(p, y, 2), 12);
        Assert.Throws<ArgumentException>(() => Calibration.Reliability([1.5], [true], 10));
    }

    [Fact]
    public void Ece_puts_zero_and_one_in_the_end_bins_and_checks_its_arguments_even_on_empty_input()
    {
        var bins = Calibration.Reliability([0.0, 1.0, 0.5], [false, true, true], 2);
        Assert.Equal((1, 2), (bins[0].Count, bins[1].Count));
        Assert.Equal(0.0, bins[0].MeanPredicted, 12);
        Assert.Equal(0.75, bins[1].MeanPredicted, 12);
        // A value on a lower edge belongs to that bin, as the reported edges say; 15/22 * 22 rounds to 14.999...
        for (int n = 1; n <= 60; n++)
            for (int b = 0; b < n; b++)
            {
                double edge = (double)b / n;
                var r = Calibration.Reliability([edge], [true], n);
                Assert.True(r[b].Count == 1, $"{b}/{n} landed outside bin {b}");
                Assert.Equal(edge, r[b].Lower);
            }
        // Perfectly calibrated extremes: 0 never happens, 1 always does.
        Assert.Equal(0.0, Calibration.ExpectedCalibrationError([0.0, 1.0], [false, true], 10), 12);
        // Empty input used to return NaN before looking at the bins or the labels.
        Assert.ThrowsAny<ArgumentException>(() => Calibration.ExpectedCalibrationError([], [], 0));
        Assert.ThrowsAny<ArgumentException>(() => Calibration.ExpectedCalibrationError([], [true]));
    }

    [Fact]
    public void Isotonic_calibration_refuses_infinite_scores_instead_of_predicting_nan()
    {
        Assert.Throws<ArgumentException>(() => IsotonicCalibrator.Fit([double.NegativeInfinity, 0, 1], [false, true, true]));
        var fit = IsotonicCalibrator.Fit([0.0, 1], [false, true]);
        Assert.Equal((0.0, 1.0), (fit.Predict(double.NegativeInfinity), fit.Predict(double.PositiveInfinity)));
    }

    [Fact]
    public void Isotonic_regression_pools_adjacent_violators_and_interpolates_between_blocks()
    {
        // Targets 1, 0, 1, 1 at scores 1..4: the first two violate and pool to .5.
        var fit = IsotonicCalibrator.Fit([1.0, 2, 3, 4], [true, false, true, true]);
        Assert.Equal(0.5, fit.Predict(1), 12);
        Assert.Equal(0.5, fit.Predict(2), 12);
        Assert.Equal(0.75, fit.Predict(2.5), 12);
        Assert.Equal(1.0, fit.Predict(3.5), 12);
        Assert.Equal(0.5, fit.Predict(-7), 12);
        Assert.Equal(1.0, fit.Predict(9), 12);
        // Equal scores always share a value: {1: 1, 1: 0} then 2: 0 pools to 1/3 everywhere.
        var tied = IsotonicCalibrator.Fit([1.0, 1, 2], [true, false, false]);
        Assert.Equal(1 / 3.0, tied.Predict(1), 12);
        Assert.Equal(1 / 3.0, tied.Predict(2), 12);
        // One example and all-equal scores are fine.
        Assert.Equal(1.0, IsotonicCalibrator.Fit([0.3], [true]).Predict(0.9), 12);
        Assert.Equal(0.5, IsotonicCalibrator.Fit([0.3, 0.3], [true, false]).Predict(0), 12);
        Assert.Throws<ArgumentException>(() => IsotonicCalibrator.Fit([], []));
    }

    [Fact]
    public void Isotonic_output_is_monotone_on_random_data()
    {
        var r = new EdgeMargin.Sampling.SeededRandom(3);
        double[] s = Enumerable.Range(0, 300).Select(_ => Math.Round(r.NextDouble(), 2)).ToArray();
        bool[] y = s.Select(x => r.Bernoulli(x)).ToArray();
        var fit = IsotonicCalibrator.Fit(s, y);
        double last = -1;
        for (double x = -0.1; x <= 1.1; x += 0.01)
        {
            double p = fit.Predict(x);
            Assert.InRange(p, 0, 1);
            Assert.True(p >= last - 1e-12);
            last = p;
        }
    }

    [Fact]
    public void Bootstrap_is_seeded_and_brackets_the_estimate()
    {
        var r = new EdgeMargin.Sampling.SeededRandom(11);
        double[] s = Enumerable.Range(0, 200).Select(_ => r.NextDouble()).ToArray();
        bool[] y = s.Select(x => r.Bernoulli(x)).ToArray();
        var a = Bootstrap.Interval(s, y, RankingMetrics.Auroc, seed: 5, resamples: 300);
        var b = Bootstrap.Interval(s, y, RankingMetrics.Auroc, seed: 5, resamples: 300);
        Assert.Equal(a, b);
        Assert.True(a.Lower < a.Estimate && a.Estimate < a.Upper, $"{a}");
        Assert.Equal(300, a.Resamples);
        var none = Bootstrap.Interval([0.1, 0.2], [true, true], RankingMetrics.Auroc, seed: 5, resamples: 50);
        Assert.True(double.IsNaN(none.Estimate) && double.IsNaN(none.Lower) && none.Resamples == 0);
        Assert.Equal(2.5, Bootstrap.Quantile([1.0, 2, 3, 4], 0.5), 12);
        // Type 7 at the 95 % interval's ends: h = (n - 1) q, so 0..40 gives 1 and 39.
        double[] ramp = Enumerable.Range(0, 41).Select(i => (double)i).ToArray();
        Assert.Equal((1.0, 39.0), (Bootstrap.Quantile(ramp, 0.025), Bootstrap.Quantile(ramp, 0.975)));
        // The interval is the percentiles of the resampled metric itself, computed here independently.
        var mean = new Bootstrap.Metric((sc, _) => sc.ToArray().Average());
        var ci = Bootstrap.Interval(s, y, mean, seed: 9, resamples: 200);
        var rng = new EdgeMargin.Sampling.SeededRandom(9);
        var resampled = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, s.Length).Select(_ => s[rng.NextInt(s.Length)]).Average()).Order().ToArray();
        Assert.Equal(Bootstrap.Quantile(resampled, 0.025), ci.Lower, 12);
        Assert.Equal(Bootstrap.Quantile(resampled, 0.975), ci.Upper, 12);
    }

    [Fact]
    public void The_paired_difference_is_zero_for_a_signal_against_itself_and_signed_otherwise()
    {
        var r = new EdgeMargin.Sampling.SeededRandom(12);
        double[] s = Enumerable.Range(0, 200).Select(_ => r.NextDouble()).ToArray();
        bool[] y = s.Select(x => r.Bernoulli(x)).ToArray();
        double[] noise = s.Select(x => x + r.NextDouble()).ToArray();
        var self = Bootstrap.PairedDifference(s, s, y, RankingMetrics.Auroc, 3, 200);
        Assert.Equal((0.0, 0.0, 0.0), (self.Estimate, self.Lower, self.Upper));
        var d = Bootstrap.PairedDifference(noise, s, y, RankingMetrics.Auroc, 3, 200);
        Assert.Equal(RankingMetrics.Auroc(noise, y) - RankingMetrics.Auroc(s, y), d.Estimate, 12);
        Assert.True(d.Upper < 0, $"{d}");
    }

    [Fact]
    public void The_split_is_seeded_disjoint_and_complete()
    {
        var a = DataSplit.Create(101, 0.5, 9);
        Assert.Equal(a.Calibration, DataSplit.Create(101, 0.5, 9).Calibration);
        Assert.Empty(a.Calibration.Intersect(a.HeldOut));
        Assert.Equal(Enumerable.Range(0, 101), a.Calibration.Concat(a.HeldOut).Order());
        Assert.Single(DataSplit.Create(2, 0.01, 1).Calibration);
    }

    [Fact]
    public void Thresholds_come_from_the_calibration_split_in_the_threshold_only_view()
    {
        double[] s = [0.2, 0.4, 0.6, 0.8];
        bool[] slm = [true, true, false, false];
        bool[] llm = [true, true, true, false];
        // u > .4 offloads .6 and .8: rate .5; LLM right on .6, wrong on .8; SLM right on .2 and .4: accuracy 3/4.
        var rate = ThresholdSelector.ForOffloadRate(s, slm, llm, 0.5);
        Assert.Equal(0.4, rate.Tau);
        Assert.Equal(new ThresholdOutcome(0.4, 0.5, 0.75), rate.Calibration);
        // Rate 0: the smallest tau that offloads nothing is the top score itself.
        Assert.Equal(0.8, ThresholdSelector.ForOffloadRate(s, slm, llm, 0).Tau);
        // Accuracy .75 is first reached at tau = .4 (tau = .6 gives .5): the largest tau that meets it.
        var acc = ThresholdSelector.ForAccuracy(s, slm, llm, 0.75);
        Assert.True(acc.TargetMet);
        Assert.Equal(0.4, acc.Tau);
        var unreachable = ThresholdSelector.ForAccuracy(s, slm, llm, 0.9);
        Assert.False(unreachable.TargetMet);
        Assert.Equal(0.4, unreachable.Tau);
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdSelector.ForAccuracy(s, slm, llm, 1.5));
    }

    [Fact]
    public void Threshold_selection_refuses_nan_and_out_of_range_scores()
    {
        bool[] t = [true, false], f = [false, true];
        // NaN is never "> tau": it used to stay local silently.
        Assert.Throws<ArgumentException>(() => ThresholdSelector.ForAccuracy([double.NaN, 0.5], t, f, 0.5));
        Assert.Throws<ArgumentException>(() => ThresholdSelector.Evaluate([double.NaN, 0.5], t, f, 0.5));
        // 1.5 exceeds every candidate tau, so no threshold offloaded nothing (it used to end in a NullReferenceException).
        Assert.Throws<ArgumentException>(() => ThresholdSelector.ForOffloadRate([0.5, 1.5], t, f, 0));
        Assert.Throws<ArgumentException>(() => ThresholdSelector.ForOffloadRate([], [], [], 0.5));
    }

    [Fact]
    public void Threshold_selection_matches_evaluating_every_candidate_at_the_boundaries_and_with_ties()
    {
        var r = new EdgeMargin.Sampling.SeededRandom(21);
        // Rounded scores make many ties; 0 and 1 occur too.
        double[] s = Enumerable.Range(0, 400).Select(_ => Math.Round(r.NextDouble() * 1.2 - 0.1, 1)).Select(x => Math.Clamp(x, 0, 1)).ToArray();
        bool[] slm = s.Select(x => r.Bernoulli(1 - x)).ToArray();
        bool[] llm = s.Select(_ => r.Bernoulli(0.8)).ToArray();
        double[] candidates = [0, .. s.Where(x => x > 0 && x < 1).Distinct().Order(), 1];
        var outcomes = candidates.Select(tau => ThresholdSelector.Evaluate(s, slm, llm, tau)).ToArray();
        foreach (double target in new[] { 0.0, 0.1, 0.37, outcomes[3].OffloadRate, 1.0 })
        {
            var expected = outcomes.First(o => o.OffloadRate <= target + 1e-12);
            Assert.Equal(expected, ThresholdSelector.ForOffloadRate(s, slm, llm, target).Calibration);
        }
        double bestAccuracy = outcomes.Max(o => o.Accuracy);
        foreach (double target in new[] { 0.0, outcomes[4].Accuracy, bestAccuracy })
        {
            var choice = ThresholdSelector.ForAccuracy(s, slm, llm, target);
            Assert.True(choice.TargetMet);
            Assert.Equal(outcomes.Last(o => o.Accuracy >= target - 1e-12), choice.Calibration);
        }
        var unreachable = ThresholdSelector.ForAccuracy(s, slm, llm, bestAccuracy + 0.01);
        Assert.False(unreachable.TargetMet);
        Assert.Equal(outcomes.Last(o => o.Accuracy == bestAccuracy), unreachable.Calibration);
        // Target 0 offloads nothing: the top score (here 1, the clamp) is the smallest tau that does.
        Assert.Equal(1.0, ThresholdSelector.ForOffloadRate(s, slm, llm, 0).Tau);
        Assert.Equal(0.0, ThresholdSelector.ForOffloadRate(s, slm, llm, 1).Tau);
    }

    [Fact]
    public void The_accuracy_curve_offloads_the_most_uncertain_first()
    {
        // Offloading .8 first trades a wrong SLM answer for a wrong LLM one (no change), then .6 gains one.
        var curve = SignalEvaluation.Curve([0.2, 0.4, 0.6, 0.8], [true, true, false, false], [true, true, true, false], 5);
        Assert.Equal([0.5, 0.5, 0.75, 0.75, 0.75], curve.Select(c => c.Accuracy));
        Assert.Equal(1.0, curve[^1].OffloadRate);
    }

    [Fact]
    public void A_signal_the_queries_cannot_feed_is_reported_unavailable_not_thrown()
    {
        var q = new QueryProfile
        {
            NextToken = TopKDistribution.FromProbabilities([0.6, 0.4]),
            PayloadBytes = 1, SlmTimeS = 1, LlmTimeS = 1, SlmCorrect = true, LlmCorrect = true,
        };
        var report = SignalEvaluation.Evaluate([q, q], MeanLogProbSignal.Instance);
        Assert.NotNull(report.Unavailable);
        Assert.True(double.IsNaN(report.Auroc.Estimate));
        // Single-label data: every metric that needs both labels is NaN, nothing throws.
        var margin = SignalEvaluation.Evaluate([q, q, q], MarginSignal.Instance);
        Assert.Null(margin.Unavailable);
        Assert.True(double.IsNaN(margin.Auroc.Estimate) && double.IsNaN(margin.Prr) && double.IsNaN(margin.Auprc));
    }

    [Fact]
    public void On_the_synthetic_workload_margin_detects_slm_errors_better_than_chance_and_deterministically()
    {
        var workload = new SyntheticWorkload();
        var random = new EdgeMargin.Sampling.SeededRandom(1);
        var queries = Enumerable.Range(0, 600).Select(_ => workload.Next(random)).ToArray();
        var options = new SignalEvaluationOptions { BootstrapResamples = 100 };
        var a = SignalEvaluation.Evaluate(queries, SignalCatalog.All.ToArray(), options);
        var b = SignalEvaluation.Evaluate(queries, SignalCatalog.All.ToArray(), options);
        Assert.Equal(a.Select(r => (r.Auroc, r.Auprc, r.Prr, r.Ece)), b.Select(r => (r.Auroc, r.Auprc, r.Prr, r.Ece)));
        var margin = a[0];
        Assert.Equal("margin", margin.Signal);
        Assert.InRange(margin.Auroc.Estimate, 0.6, 1);
        Assert.True(margin.Prr > 0);
        Assert.True(margin.Auprc > margin.SlmErrorRate);
        Assert.True(margin.Ece < margin.EceRaw);
        Assert.All(a, r => Assert.Null(r.Unavailable));
        Assert.Null(margin.AurocDelta);
        Assert.All(a.Skip(1), r => Assert.Equal("margin", r.Reference));
        Assert.All(a.Skip(1), r => Assert.Equal(r.Auroc.Estimate - margin.Auroc.Estimate, r.AurocDelta!.Estimate, 12));
    }
}
