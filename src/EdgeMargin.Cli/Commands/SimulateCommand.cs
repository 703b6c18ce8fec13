using System.CommandLine;
using System.Globalization;
using EdgeMargin.Cli.Config;
using EdgeMargin.Cli.Output;
using EdgeMargin.Experiments;
using EdgeMargin.Models.Traces;
using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;
using Spectre.Console;

namespace EdgeMargin.Cli.Commands;

/// <summary><c>simulate</c>: the paper's Monte-Carlo accuracy–delay study, written as CSV, JSON and plots.</summary>
internal static class SimulateCommand
{
    /// <summary>Runs per (users, tau) when --runs is not given: the paper's 500 (seeds 42..541), about a minute on 2 cores in Release.</summary>
    public const int DefaultRuns = 500;

    internal static Command Create()
    {
        var users = new Option<string>("--users") { Description = "User counts N: a comma list (50,60,70) or a range start:stop:step (50:120:10).", DefaultValueFactory = _ => "50:120:10" };
        var tau = new Option<string>("--tau") { Description = "Thresholds tau in [0, 1]: a comma list or a range (0.6:1.0:0.1).", DefaultValueFactory = _ => "0.6,0.7,0.8,0.9,1.0" };
        var runs = new Option<int>("--runs") { Description = $"Monte-Carlo runs per (N, tau); run r uses seed + r. The paper uses 500.", DefaultValueFactory = _ => DefaultRuns };
        var seed = new Option<ulong>("--seed") { Description = "First run seed (the paper's runs use 42..541).", DefaultValueFactory = _ => 42UL };
        var servers = new Option<int>("--servers") { Description = "Number of edge servers on a grid over the area (4 = the paper's layout).", DefaultValueFactory = _ => 4 };
        var policies = new Option<string>("--policies")
        {
            Description = $"Comma list of policies (default: the paper's six):{CatalogOptions.Help(PolicyCatalog.All.Entries)}",
            DefaultValueFactory = _ => CatalogOptions.Names(PolicyCatalog.Paper),
        };
        var output = new Option<string>("--out") { Description = "Output directory (created if missing).", DefaultValueFactory = _ => Path.Combine("out", "simulate") };
        var config = new Option<string?>("--config") { Description = "JSON file with 'parameters', 'channel', 'workload' and/or 'servers' (see README)." };
        var compat = CommonOptions.Compat();
        var noTiming = new Option<bool>("--no-timing") { Description = "Write decision_ms as 0 so repeated runs give byte-identical CSVs." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores). Results do not depend on it." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar or summary table." };
        var targetAccuracy = new Option<double?>("--target-accuracy") { Description = "Choose tau on calibration seeds for this accuracy (0.55 or 55 %), threshold-only view; instead of --tau." };
        var targetOffload = new Option<double?>("--target-offload-rate") { Description = "Choose tau on calibration seeds for this offload rate (0.4 or 40 %), threshold-only view; instead of --tau." };
        var delayBudget = new Option<double?>("--delay-budget-ms") { Description = "Choose the tau of best GOA accuracy whose mean delay per user stays within this budget (ms) at every --users count, on calibration seeds; instead of --tau." };
        var calibrationRuns = new Option<int>("--calibration-runs") { Description = "Runs (seeds after the sweep's) used to choose tau for a --target-* or --delay-budget-ms.", DefaultValueFactory = _ => 100 };
        var signal = new Option<string>("--signal")
        {
            Description = $"Uncertainty signal every policy reads:{CatalogOptions.Help(SignalCatalog.All.Entries)}",
            DefaultValueFactory = _ => SignalCatalog.All.Default.Name,
        };

        var trace = new Option<string?>("--trace") { Description = "Replay a JSONL trace written by 'edgemargin profile' instead of the synthetic workload." };
        var traceOrder = new Option<string>("--trace-order")
        {
            Description = "How trace lines go to users: 'uniform' (each user draws a line at random) or 'sequential' (an epoch's users take consecutive lines from a seeded start; with N a multiple of the trace length every line is used equally often).",
            DefaultValueFactory = _ => "uniform",
        };

        var engine = CommonOptions.Engine();

        var command = new Command("simulate", "Monte-Carlo sweep over users and thresholds; writes results.csv, run.json and PNG plots.")
        {
            users, tau, runs, seed, servers, policies, output, config, compat, noTiming, threads, quiet, signal,
            targetAccuracy, targetOffload, delayBudget, calibrationRuns, trace, traceOrder, engine,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cfg = parse.GetValue(config) is string path ? JsonInput.Load<SimulationConfig>(path, "Config") : new SimulationConfig();
            var mode = CommonOptions.ParseCompat(parse.GetValue(compat));
            var parameters = (cfg.Parameters ?? SystemParameters.Default) with { Mode = mode };
            int serverCount = parse.GetValue(servers);
            if (serverCount < 1 && cfg.Servers is null)
                throw new UsageException($"--servers must be at least 1 (got {serverCount}): with zero edge servers there is nothing to offload to.");
            IReadOnlyList<(double X, double Y)> positions = cfg.Servers is { } list
                ? list.Select(s => (s.X, s.Y)).ToArray()
                : ServerLayout.Grid(serverCount, parameters.Generator.AreaSideM);
            IWorkload workload;
            if (parse.GetValue(trace) is string tracePath)
            {
                if (cfg.Workload is not null)
                    throw new UsageException("--trace replaces the synthetic workload, so the config's 'workload' section would be ignored; remove one of them.");
                var order = parse.GetValue(traceOrder)?.Trim().ToLowerInvariant() switch
                {
                    "uniform" or null or "" => TraceOrder.Uniform,
                    "sequential" => TraceOrder.Sequential,
                    var other => throw new UsageException($"--trace-order '{other}' is not an order. Use 'uniform' or 'sequential'."),
                };
                workload = TraceWorkload.Load(tracePath, order);
            }
            else
            {
                if (parse.GetResult(traceOrder) is { Implicit: false })
                    throw new UsageException("--trace-order only applies to a replayed trace; add --trace FILE.");
                try { workload = new SyntheticWorkload(cfg.Workload); }
                catch (ArgumentException ex) { throw new UsageException(ex.Message); }
            }

            // Unknown names are reported with every other problem of the command line, not one at a time.
            var problems = new List<string>();
            var chosen = CatalogOptions.ParseList(PolicyCatalog.All, parse.GetValue(policies)!, "--policies", problems);
            var options = new SweepOptions
            {
                Users = ListParser.Integers(parse.GetValue(users)!, "--users"),
                Taus = ListParser.Doubles(parse.GetValue(tau)!, "--tau"),
                Runs = parse.GetValue(runs),
                Seed = parse.GetValue(seed),
                // With every name unknown, the paper's policies stand in so the remaining checks still run; the command
                // stops on the name problems before anything is simulated.
                Policies = chosen.Count > 0 ? chosen : PolicyCatalog.Paper,
                Parameters = parameters,
                Channel = cfg.Channel ?? ChannelOptions.Paper,
                ServerPositions = positions,
                Workload = workload,
                Signal = CatalogOptions.Parse(SignalCatalog.All, parse.GetValue(signal), "--signal"),
                MeasureDecisionTime = !parse.GetValue(noTiming),
                MaxDegreeOfParallelism = parse.GetValue(threads),
                Engine = CommonOptions.ParseEngine(parse.GetValue(engine)),
            };
            problems.AddRange(options.Problems().Select(p => p.Render(FlagOf(p.Field, cfg))));
            if (problems.Count > 0) throw new UsageException(string.Join(Environment.NewLine + "error: ", problems));

            var calibration = TauTargets.Choose(parse, options, tau, targetAccuracy, targetOffload, delayBudget, calibrationRuns, ct);
            if (calibration is not null) options = options with { Taus = [calibration.Tau] };

            string directory = parse.GetValue(output)!;
            Directory.CreateDirectory(directory);
            bool interactive = !parse.GetValue(quiet);
            var result = interactive ? await RunWithProgressAsync(options, ct) : ExperimentRunner.Run(options, null, ct);

            ResultsCsv.Write(Path.Combine(directory, "results.csv"), result.Rows);
            RunManifest.Write(Path.Combine(directory, "run.json"), result, "simulate",
                calibration is null ? null : m => m["tauSelection"] = TauTargets.Json(calibration));
            var plots = SweepPlots.Write(directory, result);
            FrontierOutput.Write(directory, result);

            var stdout = parse.InvocationConfiguration.Output;
            if (interactive) Summary(result, stdout);
            if (calibration is not null) await stdout.WriteLineAsync(TauTargets.Describe(calibration, result));
            await stdout.WriteLineAsync($"wrote {Path.Combine(directory, "results.csv")}, run.json, frontier.csv and {plots.Count + 1} plots to {directory}");
            if (result.UnservedForced > 0)
                await stdout.WriteLineAsync($"note: {result.UnservedForced} user-epochs had u > tau but no server with a finite delay; they stayed local.");
            return 0;
        });
        return command;
    }

    /// <summary>What the user wrote for a <see cref="SweepOptions"/> property, so its problems name the user's own words.</summary>
    private static string FlagOf(string field, SimulationConfig cfg) => field switch
    {
        nameof(SweepOptions.Users) => "--users",
        nameof(SweepOptions.Taus) => "--tau",
        nameof(SweepOptions.Runs) => "--runs",
        nameof(SweepOptions.Policies) => "--policies",
        nameof(SweepOptions.ServerPositions) => cfg.Servers is null ? "--servers" : "the config's 'servers'",
        // The config file's key: problems read "parameters.physical.bandwidthHz must be ...", the path in that file.
        nameof(SweepOptions.Parameters) => "parameters",
        nameof(SweepOptions.Channel) => "channel",
        nameof(SweepOptions.MaxDegreeOfParallelism) => "--threads",
        _ => field,
    };

    private static async Task<SweepResult> RunWithProgressAsync(SweepOptions options, CancellationToken ct)
    {
        SweepResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                string label = $"{options.Users.Count} user counts x {options.Runs} runs x {options.Taus.Count} taus x {options.Policies.Count} policies ({options.Workload.Name})";
                var task = ctx.AddTask(label, maxValue: ExperimentRunner.WorkItems(options));
                var progress = new ThreadSafeProgress(task);
                result = await Task.Run(() => ExperimentRunner.Run(options, progress, ct), ct);
            });
        return result!;
    }

    private static void Summary(SweepResult result, TextWriter stdout)
    {
        var o = result.Options;
        int n = o.HeadlineUsers;
        double tau = o.Taus[0];
        var table = new Table().Title($"N = {n}, tau = {tau.ToString(CultureInfo.InvariantCulture)}, {o.Runs} runs, signal: {o.Signal.Name}, workload: {(o.Workload.IsSynthetic ? "SYNTHETIC" : o.Workload.Name)}, mode: {o.Parameters.Mode.ToString().ToLowerInvariant()}");
        table.AddColumns("policy", "accuracy %", "total delay ms", "local ms", "comm ms", "edge ms", "offloaded", "decision ms");
        foreach (var r in result.Rows.Where(r => r.Users == n && r.Tau == tau))
            table.AddRow(r.Policy, F(r.AccuracyPct, "0.0"), F(r.TotalDelayMs, "0"), F(r.LocalDelayMs, "0"), F(r.CommDelayMs, "0"), F(r.EdgeComputeMs, "0"), F(r.Offloaded, "0.0"), F(r.DecisionMs, "0.000"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        // Redirected output reports 80 columns, which folds the policy names; the table needs about 100.
        console.Profile.Width = Math.Max(console.Profile.Width, 110);
        console.Write(table);

        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>Worker threads report finished runs; Spectre's task tolerates concurrent increments under its own lock.</summary>
    private sealed class ThreadSafeProgress(ProgressTask task) : IProgress<int>
    {
        private readonly Lock _gate = new();

        public void Report(int value)
        {
            lock (_gate) task.Increment(value);
        }
    }
}
