using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMargin.Analysis;
using EdgeMargin.Cli.Config;
using EdgeMargin.Cli.Output;
using EdgeMargin.Models.Traces;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;
using Spectre.Console;

namespace EdgeMargin.Cli.Commands;

/// <summary><c>analyze</c>: how well each uncertainty signal detects the small model's wrong answers.</summary>
internal static class AnalyzeCommand
{
    /// <summary>Queries drawn when neither --trace nor --synthetic is given.</summary>
    public const int DefaultSyntheticQueries = 5000;

    /// <summary>Most ECE bins accepted; beyond this nearly every bin is empty at any realistic query count.</summary>
    public const int MaxBins = 1000;

    /// <summary>Most bootstrap resamples accepted; 100 times the default already pins a percentile to the third decimal.</summary>
    public const int MaxResamples = 100_000;

    internal static Command Create()
    {
        var trace = new Option<string?>("--trace") { Description = "Trace file of real model runs (JSONL, see docs/models.md)." };
        var synthetic = new Option<int?>("--synthetic") { Description = $"Draw N queries from the built-in synthetic workload instead of a trace (default {DefaultSyntheticQueries} when no --trace)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed for synthetic queries, the calibration split and the bootstrap.", DefaultValueFactory = _ => 42UL };
        var bins = new Option<int>("--bins") { Description = "Equal-width bins for ECE and the reliability diagram.", DefaultValueFactory = _ => 10 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the AUROC 95% interval.", DefaultValueFactory = _ => 1000 };
        var signals = new Option<string>("--signals")
        {
            Description = $"Comma list of signals (default: all):{CatalogOptions.Help(SignalCatalog.All.Entries)}",
            DefaultValueFactory = _ => CatalogOptions.Names(SignalCatalog.All),
        };
        var output = new Option<string>("--out") { Description = "Directory for reliability.png and accuracy_vs_offload_rate.png (created if missing).", DefaultValueFactory = _ => Path.Combine("out", "analyze") };
        var json = new Option<bool>("--json") { Description = "Print a JSON array with one object per signal (keys signal, auroc, auprc, prr, ece, ...) instead of the table." };
        var config = new Option<string?>("--config") { Description = "JSON file whose 'workload' section changes the synthetic assumptions." };

        var command = new Command("analyze", "Compares uncertainty signals: AUROC [95% CI], AUPRC, PRR and ECE for detecting the small model's errors; writes plots.")
        {
            trace, synthetic, seed, bins, bootstrap, signals, output, json, config,
        };
        command.SetAction(async (parse, ct) =>
        {
            string? tracePath = parse.GetValue(trace);
            int? syntheticCount = parse.GetValue(synthetic);
            if (tracePath is not null && syntheticCount is not null)
                throw new UsageException("--trace and --synthetic are alternatives: analyze either a trace file or N synthetic queries, not both.");
            int nBins = parse.GetValue(bins);
            // The bins and resamples are allocated up front: an absurd count is an out-of-memory crash, not an answer.
            if (nBins < 1 || nBins > MaxBins) throw new UsageException($"--bins must be between 1 and {MaxBins} (got {nBins}).");
            int resamples = parse.GetValue(bootstrap);
            if (resamples < 1 || resamples > MaxResamples) throw new UsageException($"--bootstrap must be between 1 and {MaxResamples} (got {resamples}).");
            var signalProblems = new List<string>();
            var chosen = CatalogOptions.ParseList(SignalCatalog.All, parse.GetValue(signals)!, "--signals", signalProblems);
            if (signalProblems.Count > 0) throw new UsageException(string.Join(Environment.NewLine + "error: ", signalProblems));
            ulong s = parse.GetValue(seed);

            IReadOnlyList<QueryProfile> queries;
            string source;
            bool isSynthetic;
            if (tracePath is not null)
            {
                if (parse.GetValue(config) is not null)
                    throw new UsageException("--config changes the synthetic workload, which --trace replaces; remove one of them.");
                queries = TraceFile.ReadProfiles(tracePath);
                source = "trace:" + Path.GetFileName(tracePath);
                isSynthetic = false;
            }
            else
            {
                int n = syntheticCount ?? DefaultSyntheticQueries;
                if (n < 2) throw new UsageException($"--synthetic must be at least 2 queries (got {n}).");
                var cfg = parse.GetValue(config) is string path ? ConfigFile.Load<SimulationConfig>(path, "Config") : new SimulationConfig();
                queries = DrawSynthetic(cfg.Workload, n, s);
                source = "synthetic";
                isSynthetic = true;
            }
            if (queries.Count < 2) throw new UsageException($"Analysis needs at least 2 queries; {source} has {queries.Count}.");

            var options = new SignalEvaluationOptions { Bins = nBins, Seed = s, BootstrapResamples = resamples };
            var reports = await Task.Run(() => SignalEvaluation.Evaluate(queries, chosen, options), ct);

            string directory = parse.GetValue(output)!;
            Directory.CreateDirectory(directory);
            string caption = $"{(isSynthetic ? "synthetic workload" : source)}, {queries.Count} queries, seed {s}";
            AnalysisPlots.Write(directory, reports, queries, caption);

            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(Json(reports, source, isSynthetic).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            Table(reports, queries, source, isSynthetic, options, stdout);
            foreach (var r in reports.Where(r => r.Unavailable is not null))
                await stdout.WriteLineAsync($"note: {r.Signal} skipped: {r.Unavailable}");
            await stdout.WriteLineAsync($"wrote reliability.png and accuracy_vs_offload_rate.png to {directory}");
            return 0;
        });
        return command;
    }

    /// <summary>N queries from the synthetic workload on the workload stream of <paramref name="seed"/>, as a simulated epoch would draw them.</summary>
    internal static IReadOnlyList<QueryProfile> DrawSynthetic(SyntheticWorkloadOptions? assumptions, int n, ulong seed)
    {
        SyntheticWorkload workload;
        try { workload = new SyntheticWorkload(assumptions); }
        catch (ArgumentException ex) { throw new UsageException(ex.Message); }
        var queries = ScenarioGenerator.DrawQueries(workload, n, seed);
        for (int i = 0; i < n; i++) queries[i] = queries[i] with { Id = $"q{i}" };
        return queries;
    }

    /// <summary>One object per signal; undefined metrics are null (JSON has no NaN).</summary>
    internal static JsonArray Json(IReadOnlyList<SignalReport> reports, string source, bool synthetic)
    {
        var array = new JsonArray();
        foreach (var r in reports)
            array.Add(new JsonObject
            {
                ["signal"] = r.Signal,
                ["auroc"] = N(r.Auroc.Estimate),
                ["aurocCiLow"] = N(r.Auroc.Lower),
                ["aurocCiHigh"] = N(r.Auroc.Upper),
                ["aurocDeltaVsReference"] = N(r.AurocDelta?.Estimate ?? double.NaN),
                ["aurocDeltaCiLow"] = N(r.AurocDelta?.Lower ?? double.NaN),
                ["aurocDeltaCiHigh"] = N(r.AurocDelta?.Upper ?? double.NaN),
                ["reference"] = r.Reference,
                ["auprc"] = N(r.Auprc),
                ["prr"] = N(r.Prr),
                ["ece"] = N(r.Ece),
                ["eceRaw"] = N(r.EceRaw),
                ["slmErrorRate"] = N(r.SlmErrorRate),
                ["queries"] = r.Queries,
                ["source"] = source,
                ["synthetic"] = synthetic,
                ["unavailable"] = r.Unavailable,
            });
        return array;

        static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;
    }

    private static void Table(IReadOnlyList<SignalReport> reports, IReadOnlyList<QueryProfile> queries, string source, bool synthetic,
        SignalEvaluationOptions options, TextWriter stdout)
    {
        double errorRate = queries.Count(q => !q.SlmCorrect) / (double)queries.Count;
        var table = new Table().Title(Markup.Escape($"{queries.Count} queries, {(synthetic ? "SYNTHETIC workload" : source)}, SLM error rate {F(100 * errorRate, "0.0")} %, seed {options.Seed}"));
        string reference = reports.FirstOrDefault(r => r.Unavailable is null)?.Signal ?? "-";
        table.AddColumns("signal", "AUROC [[95% CI]]", Markup.Escape($"Δ vs {reference} [paired CI]"), "AUPRC", "PRR", "ECE (isotonic, held-out)", "ECE raw");
        foreach (var r in reports)
        {
            if (r.Unavailable is not null) { table.AddRow(Markup.Escape(r.Signal), "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"); continue; }
            table.AddRow(Markup.Escape(r.Signal), Markup.Escape($"{F(r.Auroc.Estimate, "0.000")} [{F(r.Auroc.Lower, "0.000")}, {F(r.Auroc.Upper, "0.000")}]"),
                r.AurocDelta is { } d ? Markup.Escape($"{F(d.Estimate, "+0.000;-0.000;0.000")} [{F(d.Lower, "+0.000;-0.000;0.000")}, {F(d.Upper, "+0.000;-0.000;0.000")}]") : "(reference)",
                F(r.Auprc, "0.000"), F(r.Prr, "0.000"), F(r.Ece, "0.000"), F(r.EceRaw, "0.000"));
        }
        table.Caption(Markup.Escape($"Positive = SLM answer wrong. AUROC CI: {options.BootstrapResamples}-resample percentile bootstrap; Δ: paired bootstrap of the AUROC difference. ECE: {options.Bins} equal-width bins; " +
            $"isotonic map fitted on a seeded {F(100 * options.CalibrationFraction, "0")} % split, measured on the rest. AUPRC baseline = error rate."));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        console.Write(table);
    }

    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
