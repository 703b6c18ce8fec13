using EdgeMargin.Analysis;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Scenarios;
using EdgeMargin.Workloads;

namespace EdgeMargin.Experiments;

/// <summary>
/// Chooses tau on calibration seeds disjoint from the sweep's: runs Seed + Runs … Seed + Runs + calibrationRuns − 1,
/// while the sweep (the held-out evaluation) uses Seed … Seed + Runs − 1. Calibration queries are exactly those the
/// simulator would draw for those seeds (the workload stream, the largest user count per run).
/// </summary>
public static class TauCalibration
{
    /// <summary>Most queries one calibration scores (runs times the largest user count): one array of scores holds them.</summary>
    public static long MaxQueries => Array.MaxLength;

    /// <summary>The default grid for the delay-budget search: 0, 0.05, …, 1.</summary>
    public static IReadOnlyList<double> DefaultGrid { get; } = Enumerable.Range(0, 21).Select(k => Math.Round(k * 0.05, 10)).ToArray();

    /// <summary>Chooses tau for an offload-rate or accuracy target (fraction in [0, 1]) in the threshold-only view.</summary>
    public static TauCalibrationResult ThresholdOnly(SweepOptions options, TauTarget target, double value, int calibrationRuns)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (target == TauTarget.DelayBudget) throw new ArgumentException("The delay budget needs the simulator; use ForDelayBudget.", nameof(target));
        ArgumentOutOfRangeException.ThrowIfLessThan(calibrationRuns, 1);
        ulong first = options.Seed + (ulong)options.Runs;
        var (s, slm, llm) = Score(options, first, calibrationRuns);
        var choice = target == TauTarget.OffloadRate
            ? ThresholdSelector.ForOffloadRate(s, slm, llm, value)
            : ThresholdSelector.ForAccuracy(s, slm, llm, value);
        var (hs, hslm, hllm) = Score(options, options.Seed, options.Runs);
        return new TauCalibrationResult
        {
            Target = target,
            TargetValue = value,
            Tau = choice.Tau,
            TargetMet = choice.TargetMet,
            CalibrationFirstSeed = first,
            CalibrationRuns = calibrationRuns,
            CalibrationThresholdOnly = choice.Calibration,
            HeldOutThresholdOnly = ThresholdSelector.Evaluate(hs, hslm, hllm, choice.Tau),
        };
    }

    /// <summary>
    /// Runs GOA over <paramref name="grid"/> on the calibration seeds and picks the tau of highest accuracy (averaged
    /// over the user counts) whose mean delay per user is within <paramref name="budgetMs"/> at every user count;
    /// ties go to the lower worst-case delay. When no tau fits, the one with the lowest worst-case delay is returned
    /// with <see cref="TauCalibrationResult.TargetMet"/> false.
    /// </summary>
    public static TauCalibrationResult ForDelayBudget(SweepOptions options, double budgetMs, int calibrationRuns,
        IReadOnlyList<double>? grid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(budgetMs > 0) || double.IsInfinity(budgetMs)) throw new ArgumentOutOfRangeException(nameof(budgetMs), budgetMs, "The delay budget must be a finite number of milliseconds > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(calibrationRuns, 1);
        ulong first = options.Seed + (ulong)options.Runs;
        var calibration = options with
        {
            Seed = first,
            Runs = calibrationRuns,
            Taus = grid ?? DefaultGrid,
            Policies = [GoaPolicy.Instance],
            MeasureDecisionTime = false,
        };
        var result = ExperimentRunner.Run(calibration, null, cancellationToken);
        var perTau = result.Rows.GroupBy(r => r.Tau)
            .Select(g => (Tau: g.Key, Accuracy: g.Average(r => r.AccuracyPct), Worst: g.Max(r => r.MeanDelayMs)))
            .OrderBy(t => t.Tau)
            .ToArray();
        var feasible = perTau.Where(t => t.Worst <= budgetMs).ToArray();
        bool met = feasible.Length > 0;
        var pick = met
            ? feasible.OrderByDescending(t => t.Accuracy).ThenBy(t => t.Worst).ThenBy(t => t.Tau).First()
            : perTau.OrderBy(t => t.Worst).ThenBy(t => t.Tau).First();
        return new TauCalibrationResult
        {
            Target = TauTarget.DelayBudget,
            TargetValue = budgetMs,
            Tau = pick.Tau,
            TargetMet = met,
            CalibrationFirstSeed = first,
            CalibrationRuns = calibrationRuns,
            CalibrationGoaAccuracyPct = pick.Accuracy,
            CalibrationGoaWorstMeanDelayMs = pick.Worst,
        };
    }

    /// <summary>Scores and labels of the queries the simulator draws for runs first … first + runs − 1.</summary>
    private static (double[] Scores, bool[] Slm, bool[] Llm) Score(SweepOptions options, ulong first, int runs)
    {
        int perRun = options.Users.Max();
        long total = (long)runs * perRun;
        // One score per drawn query; beyond Array.MaxLength the runtime would fail with an overflow instead of this.
        if (total > MaxQueries)
            throw new ArgumentException($"tau calibration would score {runs} runs x {perRun} users = {total} queries, more than one array holds ({MaxQueries}); lower Runs, calibrationRuns or the largest of Users.");
        var scores = new double[total];
        var slm = new bool[scores.Length];
        var llm = new bool[scores.Length];
        for (int r = 0; r < runs; r++)
        {
            var queries = ScenarioGenerator.DrawQueries(options.Workload, perRun, first + (ulong)r);
            for (int i = 0; i < perRun; i++)
            {
                QueryProfile q = queries[i];
                int k = r * perRun + i;
                scores[k] = options.Signal.Compute(q);
                slm[k] = q.SlmCorrect;
                llm[k] = q.LlmCorrect;
            }
        }
        return (scores, slm, llm);
    }
}
