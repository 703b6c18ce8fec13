using ScottPlot;
using SkiaSharp;

namespace EdgeMargin.Cli.Output;

/// <summary>
/// The house style of every figure the tool writes, for papers: legend in a panel outside the data area (it never hides
/// a point), error bars from the runs' 95 % intervals, and each figure saved as PNG (screens), SVG and PDF (papers;
/// vector, so it scales in a layout). Commands other than <c>simulate</c> (a simulation over time, say) use the same
/// calls so every figure of the project looks alike.
/// </summary>
internal static class Figure
{
    /// <summary>The formats every figure is written in, in the order their files are listed.</summary>
    public static readonly IReadOnlyList<string> Formats = ["png", "svg", "pdf"];

    /// <summary>A plot with a title, axis labels and the shared palette's first colour next.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 12);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>The i-th colour of the palette every figure shares (Category10, distinguishable in print).</summary>
    public static Color Colour(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>
    /// A line with markers through (x, y) and vertical error bars from y − below to y + above (NaN: no bar), in
    /// <paramref name="colour"/>, labelled <paramref name="legend"/>.
    /// </summary>
    public static void LineWithErrors(Plot plot, double[] xs, double[] ys, double[] below, double[] above, string legend, Color colour, float markerSize = 6)
    {
        var series = plot.Add.Scatter(xs, ys);
        series.LegendText = legend;
        series.Color = colour;
        series.LineWidth = 2;
        series.MarkerSize = markerSize;
        VerticalErrors(plot, xs, ys, below, above, colour);
    }

    /// <summary>Vertical error bars from y − below to y + above (a NaN or non-finite one draws nothing).</summary>
    public static void VerticalErrors(Plot plot, double[] xs, double[] ys, double[] below, double[] above, Color colour)
    {
        var keep = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(ys[i]) && double.IsFinite(below[i]) && double.IsFinite(above[i])).ToArray();
        if (keep.Length == 0) return;
        var bars = plot.Add.ErrorBar(keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray(), keep.Select(i => below[i]).ToArray());
        bars.YErrorNegative = keep.Select(i => below[i]).ToArray();
        bars.YErrorPositive = keep.Select(i => above[i]).ToArray();
        bars.Color = colour;
        bars.LegendText = "";
    }

    /// <summary>Horizontal error bars of ± <paramref name="halfWidths"/> around each point (a non-finite one draws nothing).</summary>
    public static void HorizontalErrors(Plot plot, double[] xs, double[] ys, double[] halfWidths, Color colour)
    {
        var keep = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(xs[i]) && double.IsFinite(halfWidths[i])).ToArray();
        if (keep.Length == 0) return;
        var zero = new double[keep.Length];
        var bars = plot.Add.ErrorBar(keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray(), zero);
        bars.XErrorNegative = keep.Select(i => halfWidths[i]).ToArray();
        bars.XErrorPositive = keep.Select(i => halfWidths[i]).ToArray();
        bars.YErrorNegative = zero;
        bars.YErrorPositive = zero;
        bars.Color = colour;
        bars.LegendText = "";
    }

    /// <summary>Puts the legend in a panel right of the data area, where it cannot hide a point.</summary>
    public static void LegendOutside(Plot plot) => plot.ShowLegend(Edge.Right);

    /// <summary>
    /// Writes <paramref name="plot"/> as <c>{basePath}.png</c>, <c>.svg</c> and <c>.pdf</c>, each through a temporary file
    /// and a rename, and returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> Save(Plot plot, string basePath, int width, int height)
    {
        string png = basePath + ".png", svg = basePath + ".svg", pdf = basePath + ".pdf";
        Atomically(png, temp => plot.SavePng(temp, width, height));
        Atomically(svg, temp => plot.SaveSvg(temp, width, height));
        Atomically(pdf, temp =>
        {
            using var stream = File.Create(temp);
            using (var document = SKDocument.CreatePdf(stream))
            {
                var canvas = document.BeginPage(width, height);
                plot.Render(canvas, width, height);
                document.EndPage();
                document.Close();
            }
        });
        return [png, svg, pdf];
    }

    private static void Atomically(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        // The extension stays last: ScottPlot picks nothing from it, but a half-written file is recognisable.
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
