namespace EdgeMargin.Analysis;

/// <summary>
/// A non-decreasing map from a signal score to P(positive), here P(SLM wrong), fitted by pool-adjacent-violators.
/// Between fitted blocks the map interpolates linearly; outside the fitted score range it is clamped to the end
/// values. Each fitted block spans its lowest to its highest training score at one value, so training points get
/// exactly their block's value. Fit on one split and evaluate on another, or the calibration error is optimistic.
/// </summary>
public sealed class IsotonicCalibrator
{
    private readonly double[] _x;
    private readonly double[] _y;

    private IsotonicCalibrator(double[] x, double[] y)
    {
        _x = x;
        _y = y;
    }

    /// <summary>Knots of the piecewise-linear map: each block's lowest and highest score (one knot when equal), ascending.</summary>
    public IReadOnlyList<double> Knots => _x;

    /// <summary>The fitted probability at each knot, non-decreasing.</summary>
    public IReadOnlyList<double> Values => _y;

    /// <summary>
    /// Least-squares non-decreasing fit of 0/1 outcomes on scores. Equal scores are pooled first, so they always get
    /// the same prediction whatever their order.
    /// </summary>
    /// <exception cref="ArgumentException">No data, lengths differ, or a score is NaN or infinite.</exception>
    public static IsotonicCalibrator Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        RankingMetrics.Check(scores, positive);
        if (scores.Length == 0) throw new ArgumentException("Isotonic calibration needs at least one scored example.");
        // An infinite knot makes the interpolation weight inf / inf = NaN for every score next to it.
        for (int i = 0; i < scores.Length; i++)
            if (double.IsInfinity(scores[i])) throw new ArgumentException($"Score {i} is {scores[i]}; isotonic calibration needs finite scores.");
        int[] order = RankingMetrics.Order(scores, descending: false);
        // Blocks: weight, mean target, score range; equal scores start as one block.
        var weight = new List<double>();
        var mean = new List<double>();
        var low = new List<double>();
        var high = new List<double>();
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            double sum = 0;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) { if (positive[order[j]]) sum++; j++; }
            weight.Add(j - i);
            mean.Add(sum / (j - i));
            low.Add(scores[order[i]]);
            high.Add(scores[order[i]]);
            Pool();
            i = j;
        }
        var x = new List<double>();
        var y = new List<double>();
        for (int b = 0; b < mean.Count; b++)
        {
            x.Add(low[b]); y.Add(mean[b]);
            if (high[b] > low[b]) { x.Add(high[b]); y.Add(mean[b]); }
        }
        return new IsotonicCalibrator(x.ToArray(), y.ToArray());

        void Pool()
        {
            while (mean.Count > 1 && mean[^2] > mean[^1])
            {
                int a = mean.Count - 2, b = mean.Count - 1;
                double w = weight[a] + weight[b];
                mean[a] = (mean[a] * weight[a] + mean[b] * weight[b]) / w;
                high[a] = high[b];
                weight[a] = w;
                mean.RemoveAt(b); weight.RemoveAt(b); low.RemoveAt(b); high.RemoveAt(b);
            }
        }
    }

    /// <summary>The calibrated probability for one score (infinite scores take the end values).</summary>
    public double Predict(double score)
    {
        if (double.IsNaN(score)) throw new ArgumentException("Cannot calibrate a NaN score.");
        if (score <= _x[0]) return _y[0];
        if (score >= _x[^1]) return _y[^1];
        int hi = Array.BinarySearch(_x, score);
        if (hi >= 0) return _y[hi];
        hi = ~hi;
        int lo = hi - 1;
        double t = (score - _x[lo]) / (_x[hi] - _x[lo]);
        return _y[lo] + t * (_y[hi] - _y[lo]);
    }

    /// <summary>The calibrated probability for each score.</summary>
    public double[] Predict(ReadOnlySpan<double> scores)
    {
        var result = new double[scores.Length];
        for (int i = 0; i < scores.Length; i++) result[i] = Predict(scores[i]);
        return result;
    }
}
