using System.Globalization;
using EdgeMargin.Cli.Config;

namespace EdgeMargin.Cli.Output;

/// <summary>
/// The figures of a <c>--sweep</c>: accuracy and mean delay per user against the first swept field, at the headline
/// user count and first tau, one line per policy with 95 % error bars. Further swept fields each give their own pair of
/// figures per value of the first; a non-numeric field (channel.model) is placed at 0, 1, 2, ... in the order given.
/// </summary>
internal static class ParameterPlots
{
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<SweepPoint> points, ParameterSweep sweep)
    {
        var written = new List<string>();
        var dimension = sweep.Dimensions[0];
        // Points of equal other values form one figure pair; the first dimension varies slowest, so group by the rest.
        foreach (var group in points.GroupBy(p => string.Join(",", p.Values.Skip(1).Select(v => $"{v.Key}={v.Value}"))))
        {
            var ordered = group.ToArray();
            string rest = group.Key.Length == 0 ? "" : "_" + Safe(group.Key);
            var xs = ordered.Select((p, i) => double.TryParse(p.Values[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : i).ToArray();
            var first = ordered[0].Result.Options;
            int n = first.HeadlineUsers;
            double tau = first.Taus[0];
            string caption = $"N = {n}, tau = {tau.ToString("0.###", CultureInfo.InvariantCulture)}, {first.Runs} runs{(group.Key.Length == 0 ? "" : ", " + group.Key)}; bars: 95 % CI";
            foreach (var (metric, file, yLabel) in new[] { (SweepMetrics.Accuracy, "accuracy", "Accuracy (%)"), (SweepMetrics.MeanDelay, "mean_delay", "Mean delay per user (ms)") })
            {
                var plot = Figure.Create($"{yLabel} vs {dimension.Name} — {caption}", dimension.Name, yLabel);
                int colour = 0;
                foreach (var policy in first.Policies.Select(p => p.Name))
                {
                    var estimates = ordered.Select(p =>
                    {
                        var rows = p.Result.Rows;
                        int k = Enumerable.Range(0, rows.Count).FirstOrDefault(i => rows[i].Users == n && rows[i].Tau == tau && rows[i].Policy == policy, -1);
                        return k < 0 ? null : SweepPlots.Estimate(p.Result, k, metric.Of);
                    }).ToArray();
                    if (estimates.Any(e => e is null)) continue;
                    Figure.LineWithErrors(plot, xs, estimates.Select(e => e!.Mean).ToArray(), estimates.Select(e => e!.HalfWidth).ToArray(),
                        estimates.Select(e => e!.HalfWidth).ToArray(), policy, Figure.Colour(colour++));
                }
                Figure.LegendOutside(plot);
                written.AddRange(Figure.Save(plot, Path.Combine(directory, $"{file}_vs_{Safe(dimension.Name)}{rest}"), 980, 560));
            }
        }
        return written;
    }

    /// <summary>A file-name-safe form of a field path and values (letters, digits, dots, dashes; the rest become '_').</summary>
    private static string Safe(string text) => string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
}
