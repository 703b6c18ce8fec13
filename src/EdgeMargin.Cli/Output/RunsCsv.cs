using System.Globalization;
using System.Text;

namespace EdgeMargin.Cli.Output;

/// <summary>
/// runs.csv (<c>simulate --per-run</c>): one row per (swept values, users, tau, policy, run) with that run's seed and
/// values, so any statistic (a median, a quantile, a test of one's own) can be computed from the raw runs.
/// </summary>
internal static class RunsCsv
{
    public const string Header = "users,tau,policy,run,seed,accuracy_pct,total_delay_ms,mean_delay_ms,local_delay_ms,comm_delay_ms,edge_compute_ms,offloaded,decision_ms,unserved_forced";

    public static string Format(IReadOnlyList<SweepPoint> points)
    {
        var sb = new StringBuilder();
        foreach (string name in SweepPoint.Names(points)) sb.Append(ResultsCsv.Field(name)).Append(',');
        sb.Append(Header).Append('\n');
        foreach (var point in points)
            foreach (var o in point.Result.Outcomes)
            {
                foreach (var v in point.Values) sb.Append(ResultsCsv.Field(v.Value)).Append(',');
                sb.Append(o.Users.ToString(CultureInfo.InvariantCulture)).Append(',').Append(ResultsCsv.Num(o.Tau)).Append(',')
                  .Append(o.Policy).Append(',').Append(o.Run.ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(o.Seed.ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(ResultsCsv.Num(o.AccuracyPct)).Append(',').Append(ResultsCsv.Num(o.TotalDelayMs)).Append(',')
                  .Append(ResultsCsv.Num(o.MeanDelayMs)).Append(',').Append(ResultsCsv.Num(o.LocalDelayMs)).Append(',')
                  .Append(ResultsCsv.Num(o.CommDelayMs)).Append(',').Append(ResultsCsv.Num(o.EdgeComputeMs)).Append(',')
                  .Append(o.Offloaded.ToString(CultureInfo.InvariantCulture)).Append(',').Append(ResultsCsv.Num(o.DecisionMs)).Append(',')
                  .Append(o.UnservedForced.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        return sb.ToString();
    }

    public static void Write(string path, IReadOnlyList<SweepPoint> points) => AtomicFile.WriteAllText(path, Format(points));
}
