using System.Globalization;
using System.Text;
using EdgeMargin.Analysis;
using EdgeMargin.Experiments;

namespace EdgeMargin.Cli.Output;

/// <summary>
/// results.csv: long form, one row per (swept values, users, tau, policy), invariant culture. The first twelve columns
/// are the historical ones, unchanged; after them, for every quantity of <see cref="SweepMetrics.WithIntervals"/>, its
/// standard error over the runs and a 95 % Student-t interval of its mean (<see cref="MeanEstimate"/>). Columns of
/// swept parameters (<c>--sweep</c>) lead, named by their path.
/// </summary>
internal static class ResultsCsv
{
    public const string Header = "users,tau,policy,runs,accuracy_pct,total_delay_ms,mean_delay_ms,local_delay_ms,comm_delay_ms,edge_compute_ms,offloaded,decision_ms";

    /// <summary>The columns after <see cref="Header"/>: standard error and interval bounds per quantity.</summary>
    public static string IntervalHeader => string.Join(",", SweepMetrics.WithIntervals.SelectMany(m => new[] { m.Column + "_se", m.Column + "_ci95_low", m.Column + "_ci95_high" }));

    public static string Format(IReadOnlyList<SweepPoint> points)
    {
        var sb = new StringBuilder();
        foreach (string name in SweepPoint.Names(points)) sb.Append(Field(name)).Append(',');
        sb.Append(Header).Append(',').Append(IntervalHeader).Append('\n');
        foreach (var point in points)
        {
            var result = point.Result;
            for (int k = 0; k < result.Rows.Count; k++)
            {
                var r = result.Rows[k];
                foreach (var v in point.Values) sb.Append(Field(v.Value)).Append(',');
                sb.Append(r.Users.ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(Num(r.Tau)).Append(',')
                  .Append(r.Policy).Append(',')
                  .Append(r.Runs.ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(Num(r.AccuracyPct)).Append(',')
                  .Append(Num(r.TotalDelayMs)).Append(',')
                  .Append(Num(r.MeanDelayMs)).Append(',')
                  .Append(Num(r.LocalDelayMs)).Append(',')
                  .Append(Num(r.CommDelayMs)).Append(',')
                  .Append(Num(r.EdgeComputeMs)).Append(',')
                  .Append(Num(r.Offloaded)).Append(',')
                  .Append(Num(r.DecisionMs));
                var runs = result.RunsOf(k);
                var values = new double[runs.Length];
                foreach (var metric in SweepMetrics.WithIntervals)
                {
                    for (int i = 0; i < runs.Length; i++) values[i] = metric.Of(runs[i]);
                    var e = MeanEstimate.Of(values);
                    sb.Append(',').Append(Num(e.StandardError)).Append(',').Append(Num(e.Lower)).Append(',').Append(Num(e.Upper));
                }
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>Ten significant digits: enough to compare runs, short enough to read.</summary>
    public static string Num(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

    /// <summary>A value quoted when it holds a comma or a quote (a swept server list), as RFC 4180 says.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Writes atomically: a partly written results file is never left behind.</summary>
    public static void Write(string path, IReadOnlyList<SweepPoint> points) => AtomicFile.WriteAllText(path, Format(points));
}
