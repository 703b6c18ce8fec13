using System.Globalization;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;
using EdgeMargin.Offloading.Policies;
using ScottPlot;

namespace EdgeMargin.Cli.Bench;

/// <summary>Median decision times at one N; null where that method was not run (too slow at this N).</summary>
internal sealed record ScalingRow(int Users, int Servers, double? DirectMs, double FastMs, double? GaMs, bool? Identical);

/// <summary>Decision time of reference GOA, fast GOA and the GA against N, on the same seeded synthetic epochs.</summary>
internal static class ScalingBench
{
    public static ScalingRow Run(int users, int servers, ulong seed, int runs, double tau, bool direct, bool ga, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var warm = BenchScenarios.Generate(Math.Min(users, 200), servers, seed);
        var genetic = new GeneticPolicy();
        BenchScenarios.WarmUp(() =>
        {
            BenchScenarios.Goa(warm, tau, FastGreedyEngine.Instance);
            if (direct) BenchScenarios.Goa(warm, tau, DirectGreedyEngine.Instance);
            if (ga) genetic.Decide(warm, new PolicyContext(tau, seed));
        });
        var d = new List<double>();
        var f = new List<double>();
        var g = new List<double>();
        bool identical = true;
        for (int r = 0; r < runs; r++)
        {
            ct.ThrowIfCancellationRequested();
            var s = BenchScenarios.Generate(users, servers, seed + (ulong)r);
            identical &= BenchScenarios.TimeFastAndReference(s, tau, direct, f, d, ct);
            ct.ThrowIfCancellationRequested();
            if (ga) g.Add(BenchScenarios.TimeMs(() => genetic.Decide(s, new PolicyContext(tau, seed + (ulong)r)), out _));
        }
        return new ScalingRow(users, servers, direct ? BenchScenarios.Median(d) : null, BenchScenarios.Median(f), ga ? BenchScenarios.Median(g) : null,
            direct ? identical : null);
    }

    public static void WriteCsv(string path, IReadOnlyList<ScalingRow> rows)
    {
        var c = CultureInfo.InvariantCulture;
        string Cell(double? v) => v is double x ? x.ToString("0.####", c) : "";
        var lines = new List<string> { "users,servers,direct_ms,fast_ms,ga_ms,identical" };
        lines.AddRange(rows.Select(r => $"{r.Users},{r.Servers},{Cell(r.DirectMs)},{Cell(r.FastMs)},{Cell(r.GaMs)},{(r.Identical is bool b ? (b ? "true" : "false") : "")}"));
        File.WriteAllLines(path, lines);
    }

    /// <summary>Log-log plot in the style of the sweep plots; a method is drawn only at the N where it ran.</summary>
    public static void WritePng(string path, IReadOnlyList<ScalingRow> rows, int servers, int runs)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        void Series(string name, Func<ScalingRow, double?> value, int colour)
        {
            var points = rows.Where(r => value(r) is double v && v > 0).ToArray();
            if (points.Length == 0) return;
            var s = plot.Add.Scatter(points.Select(r => Math.Log10(r.Users)).ToArray(), points.Select(r => Math.Log10(value(r)!.Value)).ToArray());
            s.LegendText = name;
            s.Color = palette.GetColor(colour);
            s.LineWidth = 2;
            s.MarkerSize = 6;
        }
        Series("GOA, reference (direct)", r => r.DirectMs, 0);
        Series("GOA, fast (identical decisions)", r => r.FastMs, 1);
        Series("GA", r => r.GaMs, 2);
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Left, plot.Axes.Bottom })
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => Math.Pow(10, v) is var x && x >= 1 ? x.ToString("#,0", CultureInfo.InvariantCulture) : x.ToString("0.###", CultureInfo.InvariantCulture),
            };
        plot.Title($"Decision time vs users — M = {servers} servers, tau = 0.6, median of {runs} runs, synthetic workload", size: 13);
        plot.XLabel("Number of users N (log scale)");
        plot.YLabel("Decision time per epoch (ms, log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
    }
}
