using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeMargin.Experiments;
using EdgeMargin.Offloading.Policies;

namespace EdgeMargin.Cli.Commands;

/// <summary><c>simulate</c>'s alternatives to an explicit --tau: a target accuracy, offload rate or delay budget.</summary>
internal static class TauTargets
{
    /// <summary>The calibrated choice, or null when tau comes from --tau; bad combinations throw <see cref="UsageException"/>.</summary>
    public static TauCalibrationResult? Choose(ParseResult parse, SweepOptions options, Option<string> tau,
        Option<double?> accuracy, Option<double?> offloadRate, Option<double?> delayBudget, Option<int> calibrationRuns, CancellationToken ct)
    {
        var given = new List<string>();
        double? acc = parse.GetValue(accuracy), rate = parse.GetValue(offloadRate), budget = parse.GetValue(delayBudget);
        if (acc is not null) given.Add("--target-accuracy");
        if (rate is not null) given.Add("--target-offload-rate");
        if (budget is not null) given.Add("--delay-budget-ms");
        if (given.Count == 0)
        {
            if (parse.GetResult(calibrationRuns) is { Implicit: false })
                throw new UsageException("--calibration-runs only applies when tau is chosen for a target; add --target-accuracy, --target-offload-rate or --delay-budget-ms.");
            return null;
        }
        if (given.Count > 1)
            throw new UsageException($"{string.Join(" and ", given)} are alternatives: give one target, and tau is chosen for it.");
        if (parse.GetResult(tau) is { Implicit: false })
            throw new UsageException($"--tau and {given[0]} are alternatives: either fix tau yourself or let {given[0]} choose it.");
        int runs = parse.GetValue(calibrationRuns);
        if (runs < 1) throw new UsageException($"--calibration-runs must be at least 1 (got {runs}).");

        if (budget is double ms)
        {
            if (!(ms > 0) || double.IsInfinity(ms)) throw new UsageException($"--delay-budget-ms must be a finite number of milliseconds > 0 (got {ms}).");
            var r = TauCalibration.ForDelayBudget(options, ms, runs, null, ct);
            if (!r.TargetMet)
                throw new UsageException($"--delay-budget-ms {F(ms, "0.###")}: no tau in 0..1 keeps GOA's mean delay per user within the budget at every user count " +
                    $"on the calibration seeds; the lowest worst-case is {F(r.CalibrationGoaWorstMeanDelayMs!.Value, "0.0")} ms (tau = {F(r.Tau, "0.##")}). Raise the budget or reduce --users.");
            return r;
        }
        // The threshold-only view scores every drawn query of both seed ranges in one array each.
        long largest = options.Users.Max(), scored = Math.Max(runs, options.Runs) * largest;
        if (scored > TauCalibration.MaxQueries)
            throw new UsageException($"tau calibration would score {scored} queries ({Math.Max(runs, options.Runs)} runs x {largest} users), more than one array holds ({TauCalibration.MaxQueries}); lower --runs, --calibration-runs or the largest --users.");
        var target = acc is not null ? TauTarget.Accuracy : TauTarget.OffloadRate;
        string name = given[0];
        double value = Fraction(acc ?? rate!.Value, name);
        var result = TauCalibration.ThresholdOnly(options, target, value, runs);
        if (!result.TargetMet)
            throw new UsageException($"{name} {F(100 * value, "0.##")} %: no tau reaches it on the calibration seeds (threshold-only view); the best is " +
                $"{F(100 * result.CalibrationThresholdOnly!.Accuracy, "0.0")} % at tau = {F(result.Tau, "0.###")}.");
        return result;
    }

    /// <summary>Accepts a fraction (0.55) or a percentage (55): values above 1 are read as percent.</summary>
    private static double Fraction(double v, string option)
    {
        if (!double.IsFinite(v) || v < 0 || v > 100)
            throw new UsageException($"{option} must be a fraction in [0, 1] or a percentage in (1, 100] (got {v}).");
        return v > 1 ? v / 100 : v;
    }

    public static string Describe(TauCalibrationResult c, SweepResult held)
    {
        var o = held.Options;
        var sb = new StringBuilder();
        string calSeeds = $"seeds {c.CalibrationFirstSeed}..{c.CalibrationFirstSeed + (ulong)c.CalibrationRuns - 1}";
        string heldSeeds = $"seeds {o.Seed}..{o.Seed + (ulong)o.Runs - 1}";
        sb.Append($"chosen tau = {F(c.Tau, "0.####")} for ");
        switch (c.Target)
        {
            case TauTarget.DelayBudget:
                sb.Append($"mean delay <= {F(c.TargetValue, "0.###")} ms per user at every N (best GOA accuracy; calibration {calSeeds}: ")
                  .Append($"accuracy {F(c.CalibrationGoaAccuracyPct!.Value, "0.0")} %, worst mean delay {F(c.CalibrationGoaWorstMeanDelayMs!.Value, "0.0")} ms)");
                break;
            default:
                var cal = c.CalibrationThresholdOnly!;
                var ho = c.HeldOutThresholdOnly!;
                sb.Append(c.Target == TauTarget.Accuracy ? $"accuracy >= {F(100 * c.TargetValue, "0.##")} %" : $"offload rate <= {F(100 * c.TargetValue, "0.##")} %")
                  .Append($" (threshold-only view: offload iff u > tau; calibration {calSeeds}: accuracy {F(100 * cal.Accuracy, "0.0")} %, offload {F(100 * cal.OffloadRate, "0.0")} %)")
                  .AppendLine()
                  .Append($"held-out {heldSeeds}, threshold-only: accuracy {F(100 * ho.Accuracy, "0.0")} %, offload {F(100 * ho.OffloadRate, "0.0")} %");
                break;
        }
        var goa = held.Rows.Where(r => r.Policy == GoaPolicy.Instance.Name).ToArray();
        if (goa.Length > 0)
        {
            sb.AppendLine().Append($"held-out {heldSeeds}, GOA in the simulator: accuracy {F(goa.Average(r => r.AccuracyPct), "0.0")} % (mean over N), ")
              .Append($"offloaded {F(100 * goa.Average(r => r.Offloaded / r.Users), "0.0")} %, worst mean delay {F(goa.Max(r => r.MeanDelayMs), "0.0")} ms per user");
            if (c.Target == TauTarget.DelayBudget)
                sb.Append(goa.Max(r => r.MeanDelayMs) <= c.TargetValue ? " (budget met)" : " (budget MISSED on held-out seeds)");
        }
        return sb.ToString();
    }

    public static JsonObject Json(TauCalibrationResult c)
    {
        var node = new JsonObject
        {
            ["target"] = c.Target switch { TauTarget.Accuracy => "accuracy", TauTarget.OffloadRate => "offloadRate", _ => "delayBudgetMs" },
            ["targetValue"] = c.TargetValue,
            ["tau"] = c.Tau,
            ["view"] = c.Target == TauTarget.DelayBudget ? "GOA simulated over tau grid 0:1:0.05" : "threshold-only (offload iff u exceeds tau)",
            ["calibrationSeeds"] = $"{c.CalibrationFirstSeed}..{c.CalibrationFirstSeed + (ulong)c.CalibrationRuns - 1}",
        };
        if (c.CalibrationThresholdOnly is { } cal)
            node["calibration"] = new JsonObject { ["accuracy"] = cal.Accuracy, ["offloadRate"] = cal.OffloadRate };
        if (c.HeldOutThresholdOnly is { } ho)
            node["heldOutThresholdOnly"] = new JsonObject { ["accuracy"] = ho.Accuracy, ["offloadRate"] = ho.OffloadRate };
        if (c.CalibrationGoaAccuracyPct is double a)
            node["calibration"] = new JsonObject { ["goaAccuracyPct"] = a, ["goaWorstMeanDelayMs"] = c.CalibrationGoaWorstMeanDelayMs };
        return node;
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
