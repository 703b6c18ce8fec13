using EdgeMargin.Sampling;

namespace EdgeMargin.Analysis;

/// <summary>Seeded percentile bootstrap over (score, label) pairs: same seed, same interval, on every machine.</summary>
public static class Bootstrap
{
    /// <summary>A metric of scores and labels, e.g. <see cref="RankingMetrics.Auroc"/>.</summary>
    public delegate double Metric(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels);

    /// <summary>
    /// Resamples the pairs with replacement <paramref name="resamples"/> times and returns the (1 - level)/2 and
    /// (1 + level)/2 percentiles (linear interpolation between order statistics). Resamples where the metric is NaN
    /// are dropped and counted out, never imputed.
    /// </summary>
    public static ConfidenceInterval Interval(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Metric metric,
        ulong seed, int resamples = 1000, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metric);
        CheckSettings(resamples, level);
        RankingMetrics.Check(scores, labels);
        double estimate = metric(scores, labels);
        double[] s = scores.ToArray(), rs = new double[s.Length];
        bool[] l = labels.ToArray(), rl = new bool[l.Length];
        return Percentiles(estimate, s.Length, seed, resamples, level, picks =>
        {
            for (int i = 0; i < picks.Length; i++) { rs[i] = s[picks[i]]; rl[i] = l[picks[i]]; }
            return metric(rs, rl);
        });
    }

    /// <summary>
    /// Interval for metric(A) − metric(B) on the same items: each resample draws one set of indices and scores both
    /// signals on it, so the interval reflects the difference itself (much narrower than two separate intervals when
    /// the signals are correlated). Same seed, same interval.
    /// </summary>
    public static ConfidenceInterval PairedDifference(ReadOnlySpan<double> scoresA, ReadOnlySpan<double> scoresB, ReadOnlySpan<bool> labels,
        Metric metric, ulong seed, int resamples = 1000, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metric);
        CheckSettings(resamples, level);
        RankingMetrics.Check(scoresA, labels);
        RankingMetrics.Check(scoresB, labels);
        double estimate = metric(scoresA, labels) - metric(scoresB, labels);
        double[] a = scoresA.ToArray(), b = scoresB.ToArray(), ra = new double[a.Length], rb = new double[b.Length];
        bool[] l = labels.ToArray(), rl = new bool[l.Length];
        return Percentiles(estimate, l.Length, seed, resamples, level, picks =>
        {
            for (int i = 0; i < picks.Length; i++) { ra[i] = a[picks[i]]; rb[i] = b[picks[i]]; rl[i] = l[picks[i]]; }
            return metric(ra, rl) - metric(rb, rl);
        });
    }

    /// <summary>
    /// The resampling both intervals share: <paramref name="resamples"/> draws of n indices with replacement from one
    /// generator seeded with <paramref name="seed"/>, the statistic of each, NaNs dropped, then the two percentiles.
    /// </summary>
    private static ConfidenceInterval Percentiles(double estimate, int n, ulong seed, int resamples, double level, Func<int[], double> statistic)
    {
        if (n == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, 0);
        var random = new SeededRandom(seed);
        var picks = new int[n];
        var values = new List<double>(resamples);
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < n; i++) picks[i] = random.NextInt(n);
            double v = statistic(picks);
            if (!double.IsNaN(v)) values.Add(v);
        }
        if (values.Count == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, 0);
        values.Sort();
        return new ConfidenceInterval(estimate, Quantile(values, (1 - level) / 2), Quantile(values, (1 + level) / 2), values.Count);
    }

    private static void CheckSettings(int resamples, double level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie in (0, 1).");
    }

    /// <summary>The q-quantile of sorted values, interpolating linearly between order statistics (type 7).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) return double.NaN;
        double h = (sorted.Count - 1) * Math.Clamp(q, 0, 1);
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
