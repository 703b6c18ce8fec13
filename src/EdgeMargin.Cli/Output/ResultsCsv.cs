using System.Globalization;
using System.Text;
using EdgeMargin.Experiments;

namespace EdgeMargin.Cli.Output;

/// <summary>Writes sweep rows in long form, one row per (users, tau, policy), invariant culture.</summary>
internal static class ResultsCsv
{
    public const string Header = "users,tau,policy,runs,accuracy_pct,total_delay_ms,mean_delay_ms,local_delay_ms,comm_delay_ms,edge_compute_ms,offloaded,decision_ms";

    public static string Format(IEnumerable<SweepRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        foreach (var r in rows)
        {
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
              .Append(Num(r.DecisionMs)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Ten significant digits: enough to compare runs, short enough to read.</summary>
    public static string Num(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

    /// <summary>Writes atomically: a partly written results file is never left behind.</summary>
    public static void Write(string path, IEnumerable<SweepRow> rows) => AtomicFile.WriteAllText(path, Format(rows));
}
