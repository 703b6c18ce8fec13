using System.Globalization;
using System.Text;
using EdgeMargin.Experiments;

namespace EdgeMargin.Cli.Output;

/// <summary>
/// paired.csv: for each compared pair (A, B), each quantity and each (swept values, users, tau) cell, the mean over runs
/// of A − B on the same epochs, its standard error and 95 % Student-t interval, and whether the interval excludes 0
/// (<c>lower</c>: A's value is significantly lower than B's, <c>higher</c>, or <c>unclear</c>).
/// </summary>
internal static class PairedCsv
{
    public const string Header = "users,tau,a,b,metric,runs,mean_difference,difference_se,difference_ci95_low,difference_ci95_high,verdict";

    /// <summary>The pairs and quantities compared, in output order.</summary>
    public static IReadOnlyList<(SweepPoint Point, PairedDifference Difference, SweepMetrics.Metric Metric)> Compute(
        IReadOnlyList<SweepPoint> points, IReadOnlyList<(string A, string B)> pairs)
    {
        var list = new List<(SweepPoint, PairedDifference, SweepMetrics.Metric)>();
        foreach (var point in points)
            foreach (var (a, b) in pairs)
                foreach (var metric in SweepMetrics.WithIntervals)
                    foreach (var d in PairedComparison.Compare(point.Result, a, b, metric.Of))
                        list.Add((point, d, metric));
        return list;
    }

    /// <summary>"lower" when the whole interval lies below 0, "higher" above, else "unclear" (NaN bounds included).</summary>
    public static string Verdict(PairedDifference d) =>
        d.Difference.Upper < 0 ? "lower" : d.Difference.Lower > 0 ? "higher" : "unclear";

    public static string Format(IReadOnlyList<SweepPoint> points, IReadOnlyList<(string A, string B)> pairs)
    {
        var sb = new StringBuilder();
        foreach (string name in SweepPoint.Names(points)) sb.Append(ResultsCsv.Field(name)).Append(',');
        sb.Append(Header).Append('\n');
        foreach (var (point, d, metric) in Compute(points, pairs))
        {
            foreach (var v in point.Values) sb.Append(ResultsCsv.Field(v.Value)).Append(',');
            var e = d.Difference;
            sb.Append(d.Users.ToString(CultureInfo.InvariantCulture)).Append(',').Append(ResultsCsv.Num(d.Tau)).Append(',')
              .Append(d.A).Append(',').Append(d.B).Append(',').Append(metric.Column).Append(',')
              .Append(e.Count.ToString(CultureInfo.InvariantCulture)).Append(',').Append(ResultsCsv.Num(e.Mean)).Append(',')
              .Append(ResultsCsv.Num(e.StandardError)).Append(',').Append(ResultsCsv.Num(e.Lower)).Append(',')
              .Append(ResultsCsv.Num(e.Upper)).Append(',').Append(Verdict(d)).Append('\n');
        }
        return sb.ToString();
    }

    public static void Write(string path, IReadOnlyList<SweepPoint> points, IReadOnlyList<(string A, string B)> pairs) =>
        AtomicFile.WriteAllText(path, Format(points, pairs));
}
