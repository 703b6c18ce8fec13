using EdgeMargin.Experiments;
using EdgeMargin.Offloading.Policies;

namespace EdgeMargin.Tests.Experiments;

public class TauCalibrationTests
{
    private static readonly SweepOptions Small = new() { Users = [20, 30], Runs = 3, Seed = 10, MeasureDecisionTime = false, MaxDegreeOfParallelism = 1 };

    [Fact]
    public void More_calibration_queries_than_an_array_holds_are_refused_with_the_numbers_before_anything_is_drawn()
    {
        // 2^16 runs x 2^16 users overflowed int when multiplied; now it is a clear error naming the product.
        var huge = Small with { Users = [1 << 16] };
        var e = Assert.Throws<ArgumentException>(() => TauCalibration.ThresholdOnly(huge, TauTarget.OffloadRate, 0.4, 1 << 16));
        Assert.Contains("65536 runs x 65536 users = 4294967296 queries", e.Message);
        // The core names its own fields; the CLI says the same with its flags (SimulateTargetTests).
        Assert.Contains("lower Runs, calibrationRuns or the largest of Users", e.Message);
        Assert.DoesNotContain("--", e.Message);
    }

    [Fact]
    public void Calibration_is_deterministic_and_reports_the_first_seed_after_the_sweeps()
    {
        var a = TauCalibration.ThresholdOnly(Small, TauTarget.OffloadRate, 0.4, 5);
        var b = TauCalibration.ThresholdOnly(Small, TauTarget.OffloadRate, 0.4, 5);
        Assert.Equal(a, b);
        Assert.Equal(13UL, a.CalibrationFirstSeed);
        Assert.True(a.CalibrationThresholdOnly!.OffloadRate <= 0.4);
        Assert.NotNull(a.HeldOutThresholdOnly);
    }

    [Fact]
    public void Calibration_scores_exactly_the_queries_of_the_seeds_after_the_sweeps_and_holds_out_the_sweeps_own()
    {
        // Small sweeps seeds 10..12 with up to 30 users; calibration must use 13..17 and the held-out line 10..12.
        (double[] S, bool[] Slm, bool[] Llm) Draw(ulong first, int runs)
        {
            var q = Enumerable.Range(0, runs).SelectMany(r =>
            {
                var random = EdgeMargin.Sampling.SeededRandom.ForStream(first + (ulong)r, EdgeMargin.Scenarios.ScenarioGenerator.WorkloadStream);
                return Enumerable.Range(0, 30).Select(_ => Small.Workload.Next(random)).ToArray();
            }).ToArray();
            return (q.Select(Small.Signal.Compute).ToArray(), q.Select(x => x.SlmCorrect).ToArray(), q.Select(x => x.LlmCorrect).ToArray());
        }
        var cal = Draw(13, 5);
        var held = Draw(10, 3);
        var r = TauCalibration.ThresholdOnly(Small, TauTarget.Accuracy, 0.5, 5);
        var expected = EdgeMargin.Analysis.ThresholdSelector.ForAccuracy(cal.S, cal.Slm, cal.Llm, 0.5);
        Assert.Equal(expected.Tau, r.Tau);
        Assert.Equal(expected.Calibration, r.CalibrationThresholdOnly);
        Assert.Equal(EdgeMargin.Analysis.ThresholdSelector.Evaluate(held.S, held.Slm, held.Llm, r.Tau), r.HeldOutThresholdOnly);
    }

    [Fact]
    public void The_delay_budget_choice_is_the_most_accurate_feasible_tau_on_the_grid()
    {
        var grid = new[] { 0.0, 0.5, 1.0 };
        var calibration = ExperimentRunner.Run(Small with { Seed = 13, Runs = 4, Taus = grid, Policies = [GoaPolicy.Instance] });
        var perTau = grid.Select(t => (Tau: t, Acc: calibration.Rows.Where(r => r.Tau == t).Average(r => r.AccuracyPct), Worst: calibration.Rows.Where(r => r.Tau == t).Max(r => r.MeanDelayMs))).ToArray();
        double budget = perTau.Max(p => p.Worst) + 1;
        var r = TauCalibration.ForDelayBudget(Small, budget, 4, grid);
        Assert.True(r.TargetMet);
        Assert.Equal(perTau.Max(p => p.Acc), r.CalibrationGoaAccuracyPct!.Value, 9);
        // A budget exactly equal to the lowest worst case is met (<=), by that tau.
        var fastest = perTau.OrderBy(p => p.Worst).ThenBy(p => p.Tau).First();
        var edge = TauCalibration.ForDelayBudget(Small, fastest.Worst, 4, grid);
        Assert.True(edge.TargetMet);
        Assert.Equal(fastest.Worst, edge.CalibrationGoaWorstMeanDelayMs!.Value, 9);
        var none = TauCalibration.ForDelayBudget(Small, 1e-6, 4, grid);
        Assert.False(none.TargetMet);
        Assert.Equal(perTau.Min(p => p.Worst), none.CalibrationGoaWorstMeanDelayMs!.Value, 9);
    }
}
