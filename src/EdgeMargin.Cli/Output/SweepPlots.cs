using System.Globalization;
using EdgeMargin.Analysis;
using EdgeMargin.Experiments;
using ScottPlot;

namespace EdgeMargin.Cli.Output;

/// <summary>The three curves of the paper's study against the number of users, one line per policy, with 95 % error bars.</summary>
internal static class SweepPlots
{
    /// <summary>
    /// Writes accuracy, total delay and decision time versus users for each tau (PNG, SVG and PDF each). The first tau
    /// gets the plain file names the docs refer to; further taus get a _tau{value} suffix. Returns the files written.
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
            var rows = Enumerable.Range(0, result.Rows.Count).Where(k => result.Rows[k].Tau == tau).ToList();
            string caption = $"tau = {tau.ToString("0.###", CultureInfo.InvariantCulture)}, {result.Options.Runs} runs, {label}; bars: 95 % CI";
            written.AddRange(Line(Path.Combine(directory, $"accuracy_vs_users{suffix}"), result, rows, o => o.AccuracyPct, "Accuracy (%)", "Accuracy vs users — " + caption, logY: false));
            written.AddRange(Line(Path.Combine(directory, $"delay_vs_users{suffix}"), result, rows, o => o.TotalDelayMs, "Total delay (ms, sum over users)", "Total delay vs users — " + caption, logY: false));
            written.AddRange(Line(Path.Combine(directory, $"decision_time_vs_users{suffix}"), result, rows, o => Math.Max(o.DecisionMs, 1e-4), "Decision time (ms, log scale)", "Decision time vs users — " + caption, logY: true));
        }
        return written;
    }

    private static IReadOnlyList<string> Line(string basePath, SweepResult result, List<int> rowIndices, Func<RunOutcome, double> value, string yLabel, string title, bool logY)
    {
        var plot = Figure.Create(title, "Number of users N", yLabel);
        int colour = 0;
        foreach (var group in rowIndices.GroupBy(k => result.Rows[k].Policy))
        {
            var ordered = group.OrderBy(k => result.Rows[k].Users).ToArray();
            double[] xs = ordered.Select(k => (double)result.Rows[k].Users).ToArray();
            var estimates = ordered.Select(k => Estimate(result, k, value)).ToArray();
            double[] ys = estimates.Select(e => logY ? Math.Log10(e.Mean) : e.Mean).ToArray();
            // On the log axis the symmetric interval of the mean becomes asymmetric; a lower bound at or below zero has no log.
            double[] below = estimates.Select((e, i) => logY ? (e.Lower > 0 ? ys[i] - Math.Log10(e.Lower) : double.NaN) : e.HalfWidth).ToArray();
            double[] above = estimates.Select((e, i) => logY ? Math.Log10(e.Upper) - ys[i] : e.HalfWidth).ToArray();
            Figure.LineWithErrors(plot, xs, ys, below, above, group.Key, Figure.Colour(colour++));
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
        Figure.LegendOutside(plot);
        return Figure.Save(plot, basePath, 980, 560);
    }

    /// <summary>The mean of <paramref name="value"/> over row k's runs with its interval; the row's own mean when runs are absent.</summary>
    internal static MeanEstimate Estimate(SweepResult result, int k, Func<RunOutcome, double> value)
    {
        var runs = result.RunsOf(k);
        var values = new double[runs.Length];
        for (int i = 0; i < runs.Length; i++) values[i] = value(runs[i]);
        return MeanEstimate.Of(values);
    }
}
