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
        AddReference(plot, 0, 0, 1, 1, "perfectly calibrated");
        var palette = new ScottPlot.Palettes.Category10();
        for (int k = 0; k < reports.Length; k++)
        {
            var bins = reports[k].Reliability.Where(b => b.Count > 0).ToArray();
            AddSignal(plot, reports[k].Signal, palette.GetColor(k), bins.Select(b => b.MeanPredicted).ToArray(), bins.Select(b => b.ObservedRate).ToArray(), markerSize: 6);
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
        AddReference(plot, 0, local, 100, edge, "random offloading");
        var palette = new ScottPlot.Palettes.Category10();
        for (int k = 0; k < reports.Length; k++)
        {
            var curve = reports[k].AccuracyVsOffloadRate;
            AddSignal(plot, reports[k].Signal, palette.GetColor(k), curve.Select(p => 100 * p.OffloadRate).ToArray(), curve.Select(p => 100 * p.Accuracy).ToArray(), markerSize: 0);
        }
        plot.Title("Accuracy vs offload rate (threshold only, most uncertain first) — " + caption, size: 12);
        plot.XLabel("Queries offloaded (%)");
        plot.YLabel("Accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 620);
        return path;
    }

    /// <summary>The grey dashed line each picture measures the signals against.</summary>
    private static void AddReference(Plot plot, double x1, double y1, double x2, double y2, string legend)
    {
        var line = plot.Add.Line(x1, y1, x2, y2);
        line.LineColor = Colors.Gray;
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = legend;
    }

    /// <summary>One signal's curve, in its palette colour.</summary>
    private static void AddSignal(Plot plot, string signal, Color colour, double[] xs, double[] ys, float markerSize)
    {
        var series = plot.Add.Scatter(xs, ys);
        series.LegendText = signal;
        series.Color = colour;
        series.LineWidth = 2;
        series.MarkerSize = markerSize;
    }
}
