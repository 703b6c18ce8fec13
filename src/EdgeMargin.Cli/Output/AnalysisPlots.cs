using EdgeMargin.Analysis;
using EdgeMargin.Workloads;
using ScottPlot;

namespace EdgeMargin.Cli.Output;

/// <summary>The two pictures of <c>analyze</c>: calibrated reliability and threshold-only accuracy against offload rate.</summary>
internal static class AnalysisPlots
{
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<SignalReport> reports, IReadOnlyList<QueryProfile> queries, string caption)
    {
        var available = reports.Where(r => r.Unavailable is null).ToArray();
        return [Reliability(Path.Combine(directory, "reliability.png"), available, caption), Accuracy(Path.Combine(directory, "accuracy_vs_offload_rate.png"), available, queries, caption)];
    }

    private static string Reliability(string path, SignalReport[] reports, string caption)
    {
        var plot = new Plot();
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "perfectly calibrated";
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var r in reports)
        {
            var bins = r.Reliability.Where(b => b.Count > 0).ToArray();
            var series = plot.Add.Scatter(bins.Select(b => b.MeanPredicted).ToArray(), bins.Select(b => b.ObservedRate).ToArray());
            series.LegendText = r.Signal;
            series.Color = palette.GetColor(colour++);
            series.LineWidth = 2;
            series.MarkerSize = 6;
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Title("Reliability (isotonic-calibrated, held-out split) — " + caption, size: 12);
        plot.XLabel("Predicted P(SLM wrong)");
        plot.YLabel("Observed SLM error rate");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 620);
        return path;
    }

    private static string Accuracy(string path, SignalReport[] reports, IReadOnlyList<QueryProfile> queries, string caption)
    {
        var plot = new Plot();
        double local = queries.Count(q => q.SlmCorrect) * 100.0 / queries.Count;
        double edge = queries.Count(q => q.LlmCorrect) * 100.0 / queries.Count;
        // Offloading a random share mixes the two accuracies linearly: the bar every signal must clear.
        var random = plot.Add.Line(0, local, 100, edge);
        random.LineColor = Colors.Gray;
        random.LinePattern = LinePattern.Dashed;
        random.LegendText = "random offloading";
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var r in reports)
        {
            var series = plot.Add.Scatter(r.AccuracyVsOffloadRate.Select(p => 100 * p.OffloadRate).ToArray(), r.AccuracyVsOffloadRate.Select(p => 100 * p.Accuracy).ToArray());
            series.LegendText = r.Signal;
            series.Color = palette.GetColor(colour++);
            series.LineWidth = 2;
            series.MarkerSize = 0;
        }
        plot.Title("Accuracy vs offload rate (threshold only, most uncertain first) — " + caption, size: 12);
        plot.XLabel("Queries offloaded (%)");
        plot.YLabel("Accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 620);
        return path;
    }
}
