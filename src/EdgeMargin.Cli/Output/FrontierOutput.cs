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

    /// <summary>
    /// Writes frontier.csv and the frontier figure (PNG, SVG, PDF) of the headline user count (100 when swept, else the
    /// largest): every (mean delay, accuracy) point of every tau with 95 % error bars on both axes and its tau beside it,
    /// and through each policy's Pareto-optimal points (no other tau both faster and more accurate) the step
    /// "best accuracy within a delay budget" that the area-under-frontier score integrates.
    /// </summary>
    public static IReadOnlyList<FrontierScore> Write(string directory, SweepResult result) => Write(directory, result, out _);

    /// <summary>As <see cref="Write(string, SweepResult)"/>, also returning the figure files written.</summary>
    public static IReadOnlyList<FrontierScore> Write(string directory, SweepResult result, out IReadOnlyList<string> figures)
    {
        var scores = AccuracyDelayFrontier.Scores(result.Rows);
        AtomicFile.WriteAllText(Path.Combine(directory, "frontier.csv"), Csv(scores));
        var o = result.Options;
        int n = o.HeadlineUsers;
        string label = o.Workload.IsSynthetic ? "synthetic workload" : o.Workload.Name;
        var plot = Figure.Create(
            $"Accuracy vs mean delay across tau — N = {n}, {o.Runs} runs, signal {o.Signal.Name}, {label}; bars: 95 % CI; steps: Pareto front",
            "Mean delay per user (ms)", "Accuracy (%)");
        int colour = 0;
        var indices = Enumerable.Range(0, result.Rows.Count).Where(k => result.Rows[k].Users == n);
        foreach (var group in indices.GroupBy(k => result.Rows[k].Policy))
        {
            var c = Figure.Colour(colour++);
            var points = group.Select(k => (Row: result.Rows[k],
                    Delay: SweepPlots.Estimate(result, k, r => r.MeanDelayMs), Accuracy: SweepPlots.Estimate(result, k, r => r.AccuracyPct)))
                .Where(p => double.IsFinite(p.Row.MeanDelayMs) && double.IsFinite(p.Row.AccuracyPct))
                .OrderBy(p => p.Row.MeanDelayMs).ThenByDescending(p => p.Row.AccuracyPct).ToArray();
            // No score when every row at N is undefined (e.g. infinite delays in --compat reference).
            double score = scores.FirstOrDefault(s => s.Users == n && s.Policy == group.Key)?.Score ?? double.NaN;
            string legend = $"{group.Key} (AUF {(double.IsFinite(score) ? score.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")})";
            if (points.Length == 0) continue;
            double[] xs = points.Select(p => p.Row.MeanDelayMs).ToArray(), ys = points.Select(p => p.Row.AccuracyPct).ToArray();
            var markers = plot.Add.ScatterPoints(xs, ys);
            markers.Color = c;
            markers.MarkerSize = 7;
            markers.LegendText = legend;
            double[] ay = points.Select(p => p.Accuracy.HalfWidth).ToArray(), dx = points.Select(p => p.Delay.HalfWidth).ToArray();
            Figure.VerticalErrors(plot, xs, ys, ay, ay, c);
            Figure.HorizontalErrors(plot, xs, ys, dx, c);
            var front = Pareto(xs, ys);
            if (front.Length > 0)
            {
                // The front as "best accuracy within budget d": flat until the next faster-but-worse point is passed.
                double[] fx = [.. front.Select(i => xs[i]), points.Max(p => p.Row.MeanDelayMs)];
                double[] fy = [.. front.Select(i => ys[i]), ys[front[^1]]];
                var steps = plot.Add.Scatter(fx, fy);
                steps.ConnectStyle = ConnectStyle.StepHorizontal;
                steps.Color = c;
                steps.LineWidth = 2;
                steps.MarkerSize = 0;
                steps.LegendText = "";
            }
            foreach (var p in points)
            {
                var text = plot.Add.Text("tau " + p.Row.Tau.ToString("0.###", CultureInfo.InvariantCulture), p.Row.MeanDelayMs, p.Row.AccuracyPct);
                text.LabelFontSize = 10;
                text.LabelFontColor = c;
                text.LabelOffsetX = 5;
                text.LabelOffsetY = -14;
            }
        }
        Figure.LegendOutside(plot);
        figures = Figure.Save(plot, Path.Combine(directory, "frontier"), 1040, 620);
        return scores;
    }

    /// <summary>
    /// Indices of the Pareto-optimal points, by increasing delay, of points already sorted by delay then by falling
    /// accuracy: a point is on the front when every faster point is strictly less accurate.
    /// </summary>
    internal static int[] Pareto(double[] delays, double[] accuracies)
    {
        var front = new List<int>();
        double best = double.NegativeInfinity;
        for (int i = 0; i < delays.Length; i++)
        {
            if (accuracies[i] <= best) continue;
            front.Add(i);
            best = accuracies[i];
        }
        return front.ToArray();
    }
}
