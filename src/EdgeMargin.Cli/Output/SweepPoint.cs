using EdgeMargin.Experiments;

namespace EdgeMargin.Cli.Output;

/// <summary>
/// One sweep's result with the values of the parameters <c>--sweep</c> set for it (empty without <c>--sweep</c>), by
/// their names as the user wrote them (<c>physical.bandwidthHz</c>, <c>servers</c>); every output writes them as
/// leading columns so a row says what produced it.
/// </summary>
internal sealed record SweepPoint(IReadOnlyList<KeyValuePair<string, string>> Values, SweepResult Result)
{
    /// <summary>The run without a parameter sweep.</summary>
    public static IReadOnlyList<SweepPoint> Single(SweepResult result) => [new([], result)];

    /// <summary>The swept names, in order (the same for every point of one run).</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<SweepPoint> points) => points.Count == 0 ? [] : points[0].Values.Select(v => v.Key).ToArray();
}
