namespace EdgeMargin.DiscreteEvents;

/// <summary>
/// Every sample kept, so percentiles are exact order statistics rather than a sketch's approximation (600 000 latencies
/// are 4.8 MB; a sort at the end of a run costs tens of milliseconds).
/// </summary>
public sealed class OrderStatistics
{
    private double[] _values;
    private bool _sorted = true;
    private double _sum;

    /// <summary>Creates an empty collection with room for <paramref name="capacity"/> samples before it grows.</summary>
    public OrderStatistics(int capacity = 1024) => _values = new double[Math.Max(1, capacity)];

    /// <summary>Samples added.</summary>
    public int Count { get; private set; }

    /// <summary>Arithmetic mean of the samples; NaN when there are none.</summary>
    public double Mean => Count == 0 ? double.NaN : _sum / Count;

    /// <summary>Adds one sample (a number).</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "A sample must be a number.");
        if (Count == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[Count++] = value;
        _sum += value;
        _sorted = false;
    }

    /// <summary>
    /// The p-quantile by the nearest-rank definition: the smallest sample x such that at least a fraction
    /// <paramref name="p"/> of the samples are &lt;= x (sample number ceil(p n) in ascending order; the minimum for
    /// p = 0). This is the definition latency reports (p50, p95, p99) usually mean, and it always returns a value that was
    /// observed. NaN when there are no samples.
    /// </summary>
    public double Quantile(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "A quantile level must lie in [0, 1].");
        if (Count == 0) return double.NaN;
        if (!_sorted)
        {
            Array.Sort(_values, 0, Count);
            _sorted = true;
        }
        int rank = (int)Math.Ceiling(p * Count);
        return _values[Math.Clamp(rank, 1, Count) - 1];
    }

    /// <summary>The largest sample; NaN when there are none.</summary>
    public double Max => Count == 0 ? double.NaN : Quantile(1);
}
