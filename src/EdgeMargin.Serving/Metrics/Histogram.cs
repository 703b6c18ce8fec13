using System.Globalization;
using System.Text;

namespace EdgeMargin.Serving.Metrics;

/// <summary>A Prometheus histogram with fixed upper bounds; thread-safe, lock-free on the counting path.</summary>
public sealed class Histogram(string name, string help, double[] upperBounds)
{
    private readonly long[] _counts = new long[upperBounds.Length + 1];
    private long _count;
    private long _sumMicro;

    /// <summary>Metric name.</summary>
    public string Name { get; } = name;

    /// <summary>Records one observation.</summary>
    public void Observe(double value)
    {
        int k = 0;
        while (k < upperBounds.Length && value > upperBounds[k]) k++;
        Interlocked.Increment(ref _counts[k]);
        Interlocked.Increment(ref _count);
        // The sum is kept in millionths so it can be added atomically; plenty for seconds and counts.
        Interlocked.Add(ref _sumMicro, (long)Math.Round(value * 1e6));
    }

    /// <summary>Total observations.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Appends the exposition lines (cumulative buckets, sum, count).</summary>
    public void Write(StringBuilder sb)
    {
        sb.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(Name).Append(" histogram\n");
        long cumulative = 0;
        for (int k = 0; k < upperBounds.Length; k++)
        {
            cumulative += Interlocked.Read(ref _counts[k]);
            sb.Append(Name).Append("_bucket{le=\"").Append(upperBounds[k].ToString("G", CultureInfo.InvariantCulture)).Append("\"} ")
              .Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        cumulative += Interlocked.Read(ref _counts[^1]);
        sb.Append(Name).Append("_bucket{le=\"+Inf\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(Name).Append("_sum ").Append((Interlocked.Read(ref _sumMicro) / 1e6).ToString("G", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(Name).Append("_count ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
