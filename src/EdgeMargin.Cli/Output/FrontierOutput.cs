using System.Globalization;
using System.Text;
using EdgeMargin.Experiments;
using ScottPlot;

namespace EdgeMargin.Cli.Output;

/// <summary>frontier.csv (area-under-frontier per user count and policy) and frontier.png (accuracy against mean delay).</summary>
internal static class FrontierOutput
{
    public const string Header = "users,policy,frontier_score,delay_low_ms,delay_high_ms,points";

    public static string Csv(IEnumerable<FrontierScore> scores)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var s in scores)
            sb.Append(s.Users.ToString(CultureInfo.InvariantCulture)).Append(',').Append(s.Policy).Append(',')
              .Append(ResultsCsv.Num(s.Score)).Append(',').Append(ResultsCsv.Num(s.DelayLowMs)).Append(',')
              .Append(ResultsCsv.Num(s.DelayHighMs)).Append(',').Append(s.Points.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes both files; the plot shows the headline user count (100 when swept, else the largest).</summary>
    public static IReadOnlyList<FrontierScore> Write(string directory, SweepResult result)
    {
        var scores = AccuracyDelayFrontier.Scores(result.Rows);
        AtomicFile.WriteAllText(Path.Combine(directory, "frontier.csv"), Csv(scores));
        var o = result.Options;
        int n = o.HeadlineUsers;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var group in result.Rows.Where(r => r.Users == n).GroupBy(r => r.Policy))
        {
            var ordered = group.OrderBy(r => r.Tau).ToArray();
            var series = plot.Add.Scatter(ordered.Select(r => r.MeanDelayMs).ToArray(), ordered.Select(r => r.AccuracyPct).ToArray());
            // No score when every row at N is undefined (e.g. infinite delays in --compat reference).
            double score = scores.FirstOrDefault(s => s.Users == n && s.Policy == group.Key)?.Score ?? double.NaN;
            series.LegendText = $"{group.Key} (AUF {(double.IsFinite(score) ? score.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")})";
            series.Color = palette.GetColor(colour++);
            series.LineWidth = 2;
            series.MarkerSize = 7;
        }
        string label = o.Workload.IsSynthetic ? "synthetic workload" : o.Workload.Name;
        plot.Title($"Accuracy vs mean delay across tau {string.Join(",", o.Taus.Select(t => t.ToString("0.###", CultureInfo.InvariantCulture)))} — N = {n}, {o.Runs} runs, signal {o.Signal.Name}, {label}", size: 12);
        plot.XLabel("Mean delay per user (ms)");
        plot.YLabel("Accuracy (%)");
        // Local-all sits bottom right (slow, least accurate); the top right is empty in every sweep seen so far.
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(Path.Combine(directory, "frontier.png"), 900, 600);
        return scores;
    }
}
