using System.Globalization;
using EdgeMargin.Experiments;
using ScottPlot;

namespace EdgeMargin.Cli.Output;

/// <summary>The three curves of the paper's study against the number of users, one line per policy.</summary>
internal static class SweepPlots
{
    /// <summary>
    /// Writes accuracy, total delay and decision time versus users for each tau. The first tau gets the plain file
    /// names the docs refer to; further taus get a _tau{value} suffix.
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, SweepResult result)
    {
        var written = new List<string>();
        var taus = result.Options.Taus;
        string label = result.Options.Workload.IsSynthetic ? "synthetic workload" : result.Options.Workload.Name;
        for (int t = 0; t < taus.Count; t++)
        {
            double tau = taus[t];
            string suffix = t == 0 ? "" : "_tau" + tau.ToString("0.###", CultureInfo.InvariantCulture);
            var rows = result.Rows.Where(r => r.Tau == tau).ToList();
            string caption = $"tau = {tau.ToString("0.###", CultureInfo.InvariantCulture)}, {result.Options.Runs} runs, {label}";
            written.Add(Line(Path.Combine(directory, $"accuracy_vs_users{suffix}.png"), rows, r => r.AccuracyPct, "Accuracy (%)", "Accuracy vs users — " + caption, logY: false));
            written.Add(Line(Path.Combine(directory, $"delay_vs_users{suffix}.png"), rows, r => r.TotalDelayMs, "Total delay (ms, sum over users)", "Total delay vs users — " + caption, logY: false));
            written.Add(Line(Path.Combine(directory, $"decision_time_vs_users{suffix}.png"), rows, r => Math.Max(r.DecisionMs, 1e-4), "Decision time (ms, log scale)", "Decision time vs users — " + caption, logY: true));
        }
        return written;
    }

    private static string Line(string path, List<SweepRow> rows, Func<SweepRow, double> value, string yLabel, string title, bool logY)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var group in rows.GroupBy(r => r.Policy))
        {
            var ordered = group.OrderBy(r => r.Users).ToArray();
            double[] xs = ordered.Select(r => (double)r.Users).ToArray();
            double[] ys = ordered.Select(r => logY ? Math.Log10(value(r)) : value(r)).ToArray();
            var series = plot.Add.Scatter(xs, ys);
            series.LegendText = group.Key;
            series.Color = palette.GetColor(colour++);
            series.LineWidth = 2;
            series.MarkerSize = 6;
        }
        if (logY)
        {
            var ticks = new ScottPlot.TickGenerators.LogMinorTickGenerator();
            var generator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = ticks,
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
            };
            plot.Axes.Left.TickGenerator = generator;
        }
        plot.Title(title, size: 13);
        plot.XLabel("Number of users N");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
        return path;
    }
}
