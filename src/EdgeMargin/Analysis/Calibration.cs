namespace EdgeMargin.Analysis;

/// <summary>Calibration of predicted probabilities of a positive (here: P(SLM wrong)) against what happened.</summary>
public static class Calibration
{
    /// <summary>
    /// <paramref name="bins"/> equal-width bins over [0, 1]; prediction p goes to the bin b with b / bins &lt;= p &lt;
    /// (b + 1) / bins (edges as doubles, exactly the reported ones); p = 1 goes to the last bin.
    /// </summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(ReadOnlySpan<double> predicted, ReadOnlySpan<bool> positive, int bins = 10)
    {
        RankingMetrics.Check(predicted, positive);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var sumPredicted = new double[bins];
        var sumPositive = new double[bins];
        for (int i = 0; i < predicted.Length; i++)
        {
            double p = predicted[i];
            if (p < 0 || p > 1) throw new ArgumentException($"Prediction {i} is {p}; calibration needs probabilities in [0, 1].");
            int b = Bin(p, bins);
            count[b]++;
            sumPredicted[b] += p;
            if (positive[i]) sumPositive[b]++;
        }
        var result = new ReliabilityBin[bins];
        for (int b = 0; b < bins; b++)
            result[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b],
                count[b] > 0 ? sumPredicted[b] / count[b] : double.NaN,
                count[b] > 0 ? sumPositive[b] / count[b] : double.NaN);
        return result;
    }

    /// <summary>
    /// The bin of <paramref name="p"/>: min(floor(p · bins), bins − 1), corrected so that it agrees with the edges
    /// b / bins the bins report. p · bins rounds (15/22 · 22 is 14.999…), which would put a value sitting exactly on
    /// a lower edge into the bin below.
    /// </summary>
    internal static int Bin(double p, int bins)
    {
        int b = Math.Min((int)(p * bins), bins - 1);
        if (b < bins - 1 && p >= (double)(b + 1) / bins) b++;
        else if (b > 0 && p < (double)b / bins) b--;
        return b;
    }

    /// <summary>
    /// Expected calibration error: sum over bins of (bin count / n) · |observed rate - mean prediction|, equal-width
    /// bins as in <see cref="Reliability"/>. 0 is perfect; NaN for no predictions.
    /// </summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<double> predicted, ReadOnlySpan<bool> positive, int bins = 10)
    {
        // Bad arguments fail even on empty input, so a wrong bin count or label list cannot hide behind a NaN.
        RankingMetrics.Check(predicted, positive);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (predicted.Length == 0) return double.NaN;
        double ece = 0;
        foreach (var bin in Reliability(predicted, positive, bins))
            if (bin.Count > 0) ece += (double)bin.Count / predicted.Length * Math.Abs(bin.ObservedRate - bin.MeanPredicted);
        return ece;
    }
}
