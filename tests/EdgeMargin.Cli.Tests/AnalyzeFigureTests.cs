using System.Globalization;
using System.Text.RegularExpressions;
using EdgeMargin.Cli.Output;

namespace EdgeMargin.Cli.Tests;

/// <summary>analyze's figures as a paper needs them: vector formats, counts on reliability bins, binomial intervals.</summary>
public class AnalyzeFigureTests
{
    [Fact]
    public async Task Analyze_writes_svg_and_pdf_beside_png_and_prints_the_query_count_of_every_reliability_bin()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(["analyze", "--synthetic", "400", "--bootstrap", "50", "--out", dir]);
        Assert.True(exit == 0, err);
        foreach (string name in new[] { "reliability", "accuracy_vs_offload_rate" })
        {
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, name + ".svg")));
            byte[] pdf = File.ReadAllBytes(Path.Combine(dir, name + ".pdf"));
            Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        }
        // SVG keeps text as text, so the bin labels can be read back: one colour per signal, and no signal's bins can
        // hold more queries than the held-out half of the 400.
        string svg = File.ReadAllText(Path.Combine(dir, "reliability.svg"));
        var labels = Regex.Matches(svg, """<text fill="(#[0-9A-Fa-f]{6})"[^>]*>\s*n=(\d+)\s*</text>""")
            .Select(m => (Colour: m.Groups[1].Value, Count: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToArray();
        Assert.True(labels.Length >= 10, $"{labels.Length} bin labels");
        Assert.All(labels, l => Assert.True(l.Count > 0));
        var perSignal = labels.GroupBy(l => l.Colour).Select(g => g.Sum(l => l.Count)).ToArray();
        Assert.True(perSignal.Length >= 3, $"{perSignal.Length} signals labelled");
        Assert.All(perSignal, total => Assert.InRange(total, 150, 200));
    }

    [Theory]
    [InlineData(0.5, 10, 0.2366, 0.7634)]   // 5 of 10: the textbook example (Newcombe 1998, Brown, Cai & DasGupta 2001)
    [InlineData(0.0, 20, 0.0, 0.1611)]      // no successes still gives a non-empty upper bound
    [InlineData(0.9, 100, 0.8256, 0.9448)]
    public void The_wilson_interval_matches_the_published_values(double p, int n, double low, double high)
    {
        var (l, h) = AnalysisPlots.Wilson(p, n);
        Assert.Equal(low, l, 3);
        Assert.Equal(high, h, 3);
    }
}
