namespace EdgeMargin.Analysis;

/// <summary>
/// Picks tau from calibration data in the <b>threshold-only view</b>: a query is offloaded iff u &gt; tau, answered by
/// the LLM if offloaded and by the SLM otherwise. GOA offloads at least those queries (and more when it pays in
/// delay), so in the simulator the achieved offload rate can be higher and the accuracy different; the simulator
/// reports both. Candidate thresholds are 0, 1 and every distinct score in between.
/// </summary>
/// <remarks>
/// Every tau in [s_k, s_k+1) between two consecutive distinct calibration scores makes the same decisions on the
/// calibration data, so each such interval is one candidate, represented by its lower end s_k (a calibration score,
/// or 0). The choice is therefore deterministic and always one of the candidates; on new data the lower end offloads
/// the queries that fall strictly inside the interval, i.e. it leans toward offloading.
/// </remarks>
public static class ThresholdSelector
{
    /// <summary>Offload rate and accuracy of threshold <paramref name="tau"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ or a score is NaN or outside [0, 1].</exception>
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
    /// stays within the target on the calibration split (ties in u can make the exact rate unreachable). Offload rate
    /// falls as tau rises, so this is well defined; tau = 1 offloads nothing and always qualifies.
    /// </summary>
    public static ThresholdChoice ForOffloadRate(ReadOnlySpan<double> scores, ReadOnlySpan<bool> slmCorrect, ReadOnlySpan<bool> llmCorrect, double target)
    {
        if (!(target >= 0 && target <= 1)) throw new ArgumentOutOfRangeException(nameof(target), target, "The target offload rate must lie in [0, 1].");
        var sweep = Sweep(scores, slmCorrect, llmCorrect);
        int n = scores.Length;
        foreach (var (tau, offloaded, _) in sweep)
            if ((double)offloaded / n <= target + 1e-12)
                return new ThresholdChoice(tau, Evaluate(scores, slmCorrect, llmCorrect, tau), true);
        throw new InvalidOperationException("Unreachable: tau = 1 offloads no score in [0, 1].");
    }

    /// <summary>
    /// The candidate that offloads least (the highest candidate) among those whose accuracy reaches
    /// <paramref name="target"/>; accuracy need not be monotone in tau, so every candidate is checked. When none
    /// reaches it, the highest candidate of highest accuracy, with <see cref="ThresholdChoice.TargetMet"/> false.
    /// </summary>
    public static ThresholdChoice ForAccuracy(ReadOnlySpan<double> scores, ReadOnlySpan<bool> slmCorrect, ReadOnlySpan<bool> llmCorrect, double target)
    {
        if (!(target >= 0 && target <= 1)) throw new ArgumentOutOfRangeException(nameof(target), target, "The target accuracy must lie in [0, 1].");
        var sweep = Sweep(scores, slmCorrect, llmCorrect);
        int n = scores.Length;
        double? met = null, best = null;
        int bestCorrect = -1;
        foreach (var (tau, _, correct) in sweep)
        {
            if (correct >= bestCorrect) { best = tau; bestCorrect = correct; }
            if ((double)correct / n >= target - 1e-12) met = tau;
        }
        double chosen = met ?? best!.Value;
        return new ThresholdChoice(chosen, Evaluate(scores, slmCorrect, llmCorrect, chosen), met is not null);
    }

    /// <summary>
    /// Every candidate, ascending, with its offloaded and correct counts, in one pass over the sorted scores
    /// (evaluating each candidate separately is quadratic, minutes for a few hundred calibration runs).
    /// </summary>
    private static List<(double Tau, int Offloaded, int Correct)> Sweep(ReadOnlySpan<double> scores, ReadOnlySpan<bool> slm, ReadOnlySpan<bool> llm)
    {
        Check(scores, slm, llm);
        if (scores.Length == 0) throw new ArgumentException("Choosing a threshold needs at least one calibration query.");
        int n = scores.Length;
        int[] order = RankingMetrics.Order(scores, descending: false);
        var candidates = new SortedSet<double> { 0, 1 };
        foreach (double s in scores) if (s > 0 && s < 1) candidates.Add(s);
        // Start with everything offloaded (LLM answers all) and hand queries back to the SLM as tau passes them.
        int correct = 0;
        foreach (bool c in llm) if (c) correct++;
        int next = 0;
        var result = new List<(double, int, int)>(candidates.Count);
        foreach (double tau in candidates)
        {
            for (; next < n && scores[order[next]] <= tau; next++)
                correct += (slm[order[next]] ? 1 : 0) - (llm[order[next]] ? 1 : 0);
            result.Add((tau, n - next, correct));
        }
        return result;
    }

    private static void Check(ReadOnlySpan<double> scores, ReadOnlySpan<bool> slm, ReadOnlySpan<bool> llm)
    {
        if (scores.Length != slm.Length || scores.Length != llm.Length)
            throw new ArgumentException($"Scores ({scores.Length}), SLM labels ({slm.Length}) and LLM labels ({llm.Length}) must have the same length.");
        // A NaN is never "> tau" and would silently stay local; a score outside [0, 1] escapes every candidate tau.
        for (int i = 0; i < scores.Length; i++)
            if (!(scores[i] >= 0 && scores[i] <= 1))
                throw new ArgumentException($"Score {i} is {scores[i]}; thresholds are chosen on uncertainty scores in [0, 1].");
    }
}
