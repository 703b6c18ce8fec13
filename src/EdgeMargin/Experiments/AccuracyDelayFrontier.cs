namespace EdgeMargin.Experiments;

/// <summary>
/// Summarises each policy's accuracy–delay trade-off across the tau list in one number. At one user count, the policy's
/// frontier is A(d) = the highest accuracy (%) it reaches at any tau with mean delay per user &lt;= d, and 0 when no tau
/// is that fast (it cannot meet budget d at all). The common delay range [D_lo, D_hi] spans every policy's points at
/// that user count (fastest to slowest). The score is the mean of A over that range divided by 100:
/// (1 / (D_hi − D_lo)) ∫ A(d) dd / 100, in [0, 1], higher = more accuracy at every delay budget. A policy that is
/// both fastest and most accurate scores its accuracy; one that is only available at the slow end scores near 0, and
/// exactly 0 when its fastest point is the slowest of all (local-all in every paper-protocol sweep: it needs the
/// largest budget in play, a range of width zero). This is intended: the score rewards accuracy that is available
/// under tighter budgets, and local-all's accuracy is available under none. A policy with a single point at delay d
/// scores its accuracy × (D_hi − d) / (D_hi − D_lo) / 100. When every point has the same delay, the score is the best
/// accuracy / 100.
/// </summary>
public static class AccuracyDelayFrontier
{
    /// <summary>One score per (user count, policy), in the rows' order of first appearance.</summary>
    public static IReadOnlyList<FrontierScore> Scores(IReadOnlyList<SweepRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = new List<FrontierScore>();
        foreach (var atN in rows.GroupBy(r => r.Users))
        {
            var finite = atN.Where(r => double.IsFinite(r.MeanDelayMs) && double.IsFinite(r.AccuracyPct)).ToArray();
            if (finite.Length == 0) continue;
            double lo = finite.Min(r => r.MeanDelayMs), hi = finite.Max(r => r.MeanDelayMs);
            foreach (var policy in atN.GroupBy(r => r.Policy))
            {
                var points = policy.Where(r => double.IsFinite(r.MeanDelayMs) && double.IsFinite(r.AccuracyPct))
                    .Select(r => (r.MeanDelayMs, r.AccuracyPct)).ToArray();
                scores.Add(new FrontierScore(atN.Key, policy.Key, Score(points, lo, hi), lo, hi, points.Length));
            }
        }
        return scores;
    }

    /// <summary>The normalised area of the step frontier of <paramref name="points"/> (delay ms, accuracy %) over [lo, hi].</summary>
    public static double Score(IReadOnlyList<(double DelayMs, double AccuracyPct)> points, double lo, double hi)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (!(hi >= lo)) throw new ArgumentException($"The delay range [{lo}, {hi}] is empty.");
        if (points.Count == 0) return 0;
        foreach (var (delay, accuracy) in points)
            if (!double.IsFinite(delay) || !double.IsFinite(accuracy))
                throw new ArgumentException($"Frontier point ({delay} ms, {accuracy} %) is not finite; drop undefined sweep rows first (Scores does).");
        var sorted = points.OrderBy(p => p.DelayMs).ToArray();
        if (hi == lo) return sorted.Where(p => p.DelayMs <= hi).Select(p => p.AccuracyPct).DefaultIfEmpty(0).Max() / 100;
        double area = 0, best = 0, at = lo;
        foreach (var (delay, accuracy) in sorted)
        {
            double d = Math.Clamp(delay, lo, hi);
            area += best * (d - at);
            at = d;
            best = Math.Max(best, accuracy);
        }
        area += best * (hi - at);
        return area / (hi - lo) / 100;
    }
}
