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
        return [.. Reliability(Path.Combine(directory, "reliability"), available, caption), .. Accuracy(Path.Combine(directory, "accuracy_vs_offload_rate"), available, queries, caption)];
    }

    /// <summary>
    /// Observed error rate against predicted probability per bin, with a 95 % Wilson interval (binomial, the bin's
    /// count as trials) as error bars and the count printed at each point: a bin of 12 queries and a bin of 1 200 look
    /// alike without it.
    /// </summary>
    private static IReadOnlyList<string> Reliability(string basePath, SignalReport[] reports, string caption)
    {
        var plot = new Plot();
        AddReference(plot, 0, 0, 1, 1, "perfectly calibrated");
        var palette = new ScottPlot.Palettes.Category10();
        for (int k = 0; k < reports.Length; k++)
        {
            var bins = reports[k].Reliability.Where(b => b.Count > 0).ToArray();
            double[] xs = bins.Select(b => b.MeanPredicted).ToArray(), ys = bins.Select(b => b.ObservedRate).ToArray();
            AddSignal(plot, reports[k].Signal, palette.GetColor(k), xs, ys, markerSize: 6);
            var wilson = bins.Select(b => Wilson(b.ObservedRate, b.Count)).ToArray();
            Figure.VerticalErrors(plot, xs, ys, wilson.Select((w, i) => ys[i] - w.Low).ToArray(), wilson.Select((w, i) => w.High - ys[i]).ToArray(), palette.GetColor(k));
            for (int b = 0; b < bins.Length; b++)
            {
                var count = plot.Add.Text("n=" + bins[b].Count.ToString(System.Globalization.CultureInfo.InvariantCulture), xs[b], ys[b]);
                count.LabelFontSize = 9;
                count.LabelFontColor = palette.GetColor(k);
                count.LabelOffsetX = 4;
                count.LabelOffsetY = 4 + 11 * k;
            }
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Title("Reliability (isotonic-calibrated, held-out split) — " + caption + "; bars: 95 % Wilson CI, n = queries per bin", size: 12);
        plot.XLabel("Predicted P(SLM wrong)");
        plot.YLabel("Observed SLM error rate");
        Figure.LegendOutside(plot);
        return Figure.Save(plot, basePath, 1000, 620);
    }

    /// <summary>The 95 % Wilson score interval of a binomial rate <paramref name="p"/> observed in <paramref name="n"/> trials.</summary>
    internal static (double Low, double High) Wilson(double p, int n)
    {
        if (n <= 0 || !double.IsFinite(p)) return (double.NaN, double.NaN);
        const double z = 1.959963984540054;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z * Math.Sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
        return (centre - half, centre + half);
    }

    /// <summary>Accuracy against the share offloaded (most uncertain first), with a 95 % Wilson band over the queries.</summary>
    private static IReadOnlyList<string> Accuracy(string basePath, SignalReport[] reports, IReadOnlyList<QueryProfile> queries, string caption)
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
            double[] xs = curve.Select(p => 100 * p.OffloadRate).ToArray();
            AddSignal(plot, reports[k].Signal, palette.GetColor(k), xs, curve.Select(p => 100 * p.Accuracy).ToArray(), markerSize: 0);
            var band = curve.Select(p => Wilson(p.Accuracy, queries.Count)).ToArray();
            var fill = plot.Add.FillY(xs, band.Select(w => 100 * w.Low).ToArray(), band.Select(w => 100 * w.High).ToArray());
            fill.FillColor = palette.GetColor(k).WithAlpha(0.18);
            fill.LineColor = Colors.Transparent;
            fill.LegendText = "";
        }
        plot.Title("Accuracy vs offload rate (threshold only, most uncertain first) — " + caption + "; bands: 95 % Wilson CI", size: 12);
        plot.XLabel("Queries offloaded (%)");
        plot.YLabel("Accuracy (%)");
        Figure.LegendOutside(plot);
        return Figure.Save(plot, basePath, 1000, 620);
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
