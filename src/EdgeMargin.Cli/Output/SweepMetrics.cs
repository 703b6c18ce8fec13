using EdgeMargin.Experiments;

namespace EdgeMargin.Cli.Output;

/// <summary>
/// The per-run quantities a sweep reports with uncertainty, by their CSV column name: each results.csv row carries the
/// mean (its historical column) and then <c>{name}_se</c>, <c>{name}_ci95_low</c> and <c>{name}_ci95_high</c>; runs.csv
/// carries the per-run values; paired.csv the paired differences. Decision time is left out: it is a wall-clock
/// measurement of this machine, not a property of the policy's decisions.
/// </summary>
internal static class SweepMetrics
{
    /// <summary>A reported quantity: its column name, its unit for labels, and how to read it from one run.</summary>
    internal sealed record Metric(string Column, string Label, Func<RunOutcome, double> Of);

    public static readonly Metric Accuracy = new("accuracy_pct", "accuracy (%)", o => o.AccuracyPct);
    public static readonly Metric TotalDelay = new("total_delay_ms", "total delay (ms)", o => o.TotalDelayMs);
    public static readonly Metric MeanDelay = new("mean_delay_ms", "mean delay per user (ms)", o => o.MeanDelayMs);
    public static readonly Metric Offloaded = new("offloaded", "users offloaded", o => o.Offloaded);

    /// <summary>Every quantity with an interval in results.csv, in column order.</summary>
    public static readonly IReadOnlyList<Metric> WithIntervals =
    [
        Accuracy, TotalDelay, MeanDelay,
        new("local_delay_ms", "local delay (ms)", o => o.LocalDelayMs),
        new("comm_delay_ms", "uplink delay (ms)", o => o.CommDelayMs),
        new("edge_compute_ms", "edge compute delay (ms)", o => o.EdgeComputeMs),
        Offloaded,
    ];

    /// <summary>The metric a paired comparison may name (--compare-metric), by column name.</summary>
    public static Metric? Find(string column) =>
        WithIntervals.FirstOrDefault(m => string.Equals(m.Column, column, StringComparison.OrdinalIgnoreCase));
}
