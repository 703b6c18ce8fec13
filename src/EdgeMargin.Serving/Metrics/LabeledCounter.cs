using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace EdgeMargin.Serving.Metrics;

/// <summary>A Prometheus counter with one label; label values are created on first use.</summary>
public sealed class LabeledCounter(string name, string help, string label)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _values = new(StringComparer.Ordinal);

    /// <summary>Adds one to the series with <paramref name="value"/>.</summary>
    public void Increment(string value) => Interlocked.Increment(ref _values.GetOrAdd(value, _ => new StrongBox<long>()).Value);

    /// <summary>The current count of one series (0 if never incremented).</summary>
    public long Get(string value) => _values.TryGetValue(value, out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>Makes a series visible at 0 before its first event, so scrapers see it from the start.</summary>
    public void Touch(string value) => _values.GetOrAdd(value, _ => new StrongBox<long>());

    /// <summary>Appends the exposition lines.</summary>
    public void Write(StringBuilder sb)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" counter\n");
        foreach (var (key, box) in _values.OrderBy(p => p.Key, StringComparer.Ordinal))
            sb.Append(name).Append('{').Append(label).Append("=\"").Append(Escape(key)).Append("\"} ")
              .Append(Interlocked.Read(ref box.Value).ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    /// <summary>A mutable box so the dictionary hands out a stable location to increment.</summary>
    private sealed class StrongBox<T> { public T Value = default!; }
}
