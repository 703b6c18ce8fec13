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
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie in (0, 1).");
        RankingMetrics.Check(scores, labels);
        double estimate = metric(scores, labels);
        int n = scores.Length;
        if (n == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, 0);
        var random = new SeededRandom(seed);
        var s = new double[n];
        var l = new bool[n];
        var values = new List<double>(resamples);
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < n; i++)
            {
                int k = random.NextInt(n);
                s[i] = scores[k];
                l[i] = labels[k];
            }
            double v = metric(s, l);
            if (!double.IsNaN(v)) values.Add(v);
        }
        if (values.Count == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, 0);
        values.Sort();
        return new ConfidenceInterval(estimate, Quantile(values, (1 - level) / 2), Quantile(values, (1 + level) / 2), values.Count);
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
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie in (0, 1).");
        RankingMetrics.Check(scoresA, labels);
        RankingMetrics.Check(scoresB, labels);
        double estimate = metric(scoresA, labels) - metric(scoresB, labels);
        int n = labels.Length;
        if (n == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, 0);
        var random = new SeededRandom(seed);
        var a = new double[n];
        var b = new double[n];
        var l = new bool[n];
        var values = new List<double>(resamples);
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < n; i++)
            {
                int k = random.NextInt(n);
                a[i] = scoresA[k];
                b[i] = scoresB[k];
                l[i] = labels[k];
            }
            double v = metric(a, l) - metric(b, l);
            if (!double.IsNaN(v)) values.Add(v);
        }
        if (values.Count == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, 0);
        values.Sort();
        return new ConfidenceInterval(estimate, Quantile(values, (1 - level) / 2), Quantile(values, (1 + level) / 2), values.Count);
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
