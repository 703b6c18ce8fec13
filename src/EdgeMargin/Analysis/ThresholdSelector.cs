namespace EdgeMargin.Analysis;

/// <summary>What offloading every query with u &gt; tau achieves, in the threshold-only view.</summary>
/// <param name="Tau">The threshold.</param>
/// <param name="OffloadRate">Fraction of queries with u &gt; tau.</param>
/// <param name="Accuracy">Fraction correct when offloaded queries take the LLM's answer and the rest the SLM's.</param>
public sealed record ThresholdOutcome(double Tau, double OffloadRate, double Accuracy);

/// <summary>A threshold chosen on a calibration split.</summary>
/// <param name="Tau">The chosen threshold.</param>
/// <param name="Calibration">What it achieves on the calibration split.</param>
/// <param name="TargetMet">False when no threshold reaches the target; then <paramref name="Tau"/> is the closest one.</param>
public sealed record ThresholdChoice(double Tau, ThresholdOutcome Calibration, bool TargetMet);

/// <summary>
/// Picks tau from calibration data in the <b>threshold-only view</b>: a query is offloaded iff u &gt; tau, answered by
/// the LLM if offloaded and by the SLM otherwise. GOA offloads at least those queries (and more when it pays in
/// delay), so in the simulator the achieved offload rate can be higher and the accuracy different; the simulator
/// reports both. Candidate thresholds are 0, 1 and every distinct score in between.
/// </summary>
public static class ThresholdSelector
{
    /// <summary>Offload rate and accuracy of threshold <paramref name="tau"/>.</summary>
    public static ThresholdOutcome Evaluate(ReadOnlySpan<double> scores, ReadOnlySpan<bool> slmCorrect, ReadOnlySpan<bool> llmCorrect, double tau)
    {
        Check(scores, slmCorrect, llmCorrect);
        if (scores.Length == 0) return new ThresholdOutcome(tau, double.NaN, double.NaN);
        int offloaded = 0, correct = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool off = scores[i] > tau;
            if (off) offloaded++;
            if (off ? llmCorrect[i] : slmCorrect[i]) correct++;
        }
        return new ThresholdOutcome(tau, (double)offloaded / scores.Length, (double)correct / scores.Length);
    }

    /// <summary>
    /// The smallest threshold whose offload rate does not exceed <paramref name="target"/>: the most offloading that
    /// stays within the target on the calibration split (ties in u can make the exact rate unreachable).
    /// </summary>
    public static ThresholdChoice ForOffloadRate(ReadOnlySpan<double> scores, ReadOnlySpan<bool> slmCorrect, ReadOnlySpan<bool> llmCorrect, double target)
    {
        if (!(target >= 0 && target <= 1)) throw new ArgumentOutOfRangeException(nameof(target), target, "The target offload rate must lie in [0, 1].");
        NeedData(scores);
        ThresholdOutcome? best = null;
        foreach (double tau in Candidates(scores))
        {
            var o = Evaluate(scores, slmCorrect, llmCorrect, tau);
            if (o.OffloadRate <= target + 1e-12) { best = o; break; }
        }
        // tau = 1 offloads nothing, so some candidate always qualifies.
        return new ThresholdChoice(best!.Tau, best, true);
    }

    /// <summary>
    /// The largest threshold (least offloading) whose accuracy reaches <paramref name="target"/>; when none does, the
    /// largest threshold of highest accuracy with <see cref="ThresholdChoice.TargetMet"/> false.
    /// </summary>
    public static ThresholdChoice ForAccuracy(ReadOnlySpan<double> scores, ReadOnlySpan<bool> slmCorrect, ReadOnlySpan<bool> llmCorrect, double target)
    {
        if (!(target >= 0 && target <= 1)) throw new ArgumentOutOfRangeException(nameof(target), target, "The target accuracy must lie in [0, 1].");
        NeedData(scores);
        ThresholdOutcome? met = null, best = null;
        foreach (double tau in Candidates(scores))
        {
            var o = Evaluate(scores, slmCorrect, llmCorrect, tau);
            if (best is null || o.Accuracy >= best.Accuracy) best = o;
            if (o.Accuracy >= target - 1e-12) met = o;
        }
        return met is not null ? new ThresholdChoice(met.Tau, met, true) : new ThresholdChoice(best!.Tau, best, false);
    }

    /// <summary>Ascending: 0, every distinct score strictly inside (0, 1), then 1.</summary>
    private static List<double> Candidates(ReadOnlySpan<double> scores)
    {
        var set = new SortedSet<double> { 0, 1 };
        foreach (double s in scores) if (s > 0 && s < 1) set.Add(s);
        return [.. set];
    }

    private static void NeedData(ReadOnlySpan<double> scores)
    {
        if (scores.Length == 0) throw new ArgumentException("Choosing a threshold needs at least one calibration query.");
    }

    private static void Check(ReadOnlySpan<double> scores, ReadOnlySpan<bool> slm, ReadOnlySpan<bool> llm)
    {
        if (scores.Length != slm.Length || scores.Length != llm.Length)
            throw new ArgumentException($"Scores ({scores.Length}), SLM labels ({slm.Length}) and LLM labels ({llm.Length}) must have the same length.");
    }
}
