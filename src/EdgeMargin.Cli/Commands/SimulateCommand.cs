using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeMargin.Cli.Config;
using EdgeMargin.Cli.Output;
using EdgeMargin.Experiments;
using EdgeMargin.Models.Traces;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Policies;
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
        var targetAccuracy = new Option<double?>("--target-accuracy") { Description = "Choose tau on calibration seeds so that the THRESHOLD-ONLY accuracy reaches this (0.55 or 55 %): every query with u > tau answered by the large model, the rest by the small one, no channel, no GOA. " +
            "It is not GOA's accuracy in the sweep (GOA offloads more than the u > tau users, so its accuracy is usually higher); both are reported. Instead of --tau." };
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
        var sweep = new Option<string[]>("--sweep")
        {
            Description = "Sweep a config field or the server count: NAME=LIST, repeatable (every combination runs). NAME is the field's path in the config file " +
                "(physical.bandwidthHz, generator.areaSideM, admission.maxUsersPerServer, workload.marginAlpha, channel.model, ...) or 'servers'; LIST a comma list or a range. " +
                "An unknown NAME is refused with the list of valid ones.",
            AllowMultipleArgumentsPerToken = false,
        };
        var perRun = new Option<bool>("--per-run") { Description = "Also write runs.csv: one row per (users, tau, policy, run) with that run's seed and values." };
        var compare = new Option<string>("--compare")
        {
            Description = "Paired comparisons written to paired.csv (A - B on the same epochs, mean, SE, 95 % t interval): a comma list of A:B pairs, " +
                "'auto' (GOA against every other policy run, d_min and edge-all first), or 'none'.",
            DefaultValueFactory = _ => "auto",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite result-like files (CSV, PNG, SVG, PDF) in an --out folder that holds no run.json of a previous run. A previous run's own files are always replaced without it." };
        var gaPopulation = new Option<int>("--ga-population") { Description = "GA baseline: individuals per generation.", DefaultValueFactory = _ => new GeneticOptions().Population };
        var gaGenerations = new Option<int>("--ga-generations") { Description = "GA baseline: generations evolved (population x (generations + 1) objective evaluations per decision).", DefaultValueFactory = _ => new GeneticOptions().Generations };

        var command = new Command("simulate", "Monte-Carlo sweep over users and thresholds (and any --sweep field); writes results.csv with 95 % intervals, paired.csv, run.json and figures.")
        {
            users, tau, runs, seed, servers, policies, output, config, compat, noTiming, threads, quiet, signal,
            targetAccuracy, targetOffload, delayBudget, calibrationRuns, trace, traceOrder, engine, sweep, perRun, compare, force,
            gaPopulation, gaGenerations,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cfg = parse.GetValue(config) is string path ? ConfigFile.Load<SimulationConfig>(path, "Config") : new SimulationConfig();
            var mode = CommonOptions.ParseCompat(parse.GetValue(compat));
            var parameterSweep = ParameterSweep.Parse(parse.GetValue(sweep));
            var stderr = parse.InvocationConfiguration.Error;

            // Unknown names are reported with every other problem of the command line, not one at a time.
            var problems = new List<string>();
            var chosen = CatalogOptions.ParseList(PolicyCatalog.All, parse.GetValue(policies)!, "--policies", problems);
            chosen = WithGaBudget(chosen, parse, gaPopulation, gaGenerations);
            var common = new Inputs(
                ListParser.Integers(parse.GetValue(users)!, "--users"),
                ListParser.Doubles(parse.GetValue(tau)!, "--tau"),
                parse.GetValue(runs), parse.GetValue(seed),
                // With every name unknown, the paper's policies stand in so the remaining checks still run; the command
                // stops on the name problems before anything is simulated.
                chosen.Count > 0 ? chosen : PolicyCatalog.Paper,
                mode,
                CatalogOptions.Parse(SignalCatalog.All, parse.GetValue(signal), "--signal"),
                !parse.GetValue(noTiming), parse.GetValue(threads), CommonOptions.ParseEngine(parse.GetValue(engine)),
                parse.GetValue(trace), parse.GetValue(traceOrder), parse.GetResult(traceOrder) is { Implicit: false });

            int serverCount = parse.GetValue(servers);
            var combinations = parameterSweep?.Combinations() ?? [[]];
            if (parameterSweep is { Count: > 10_000 } big)
                throw new UsageException($"--sweep asks for {big.Count} combinations; at most 10000 run in one invocation. Sweep fewer values at once.");
            var plan = new List<(IReadOnlyList<KeyValuePair<string, string>> Values, SweepOptions Options)>();
            var baseOptions = Build(cfg, serverCount, common, problems, sweepLabel: null);
            foreach (var combination in combinations)
            {
                if (combination.Count == 0) { plan.Add(([], baseOptions)); continue; }
                var (swept, sweptServers) = ParameterSweep.Apply(cfg, combination);
                if (sweptServers is not null && cfg.Servers is not null)
                    throw new UsageException("--sweep servers places servers on the grid, but the config lists its own 'servers'; remove one of them.");
                string label = "--sweep " + string.Join(" ", combination.Select(c => $"{c.Name}={ParameterSweep.Dimension.Text(c.Value)}"));
                var options = Build(swept, sweptServers ?? serverCount, common, problems, label);
                plan.Add((combination.Select(c => KeyValuePair.Create(c.Name, ParameterSweep.Dimension.Text(c.Value))).ToArray(), options));
            }
            if (problems.Count > 0) throw new UsageException(string.Join(Environment.NewLine + "error: ", problems.Distinct()));

            var calibration = TauTargets.Choose(parse, baseOptions, tau, targetAccuracy, targetOffload, delayBudget, calibrationRuns, ct);
            if (calibration is not null)
            {
                if (parameterSweep is not null)
                    throw new UsageException("--sweep and a --target-*/--delay-budget-ms choose different things per point; give --tau with --sweep.");
                plan[0] = (plan[0].Values, plan[0].Options with { Taus = [calibration.Tau] });
            }
            var pairs = ComparePairs(parse.GetValue(compare), plan[0].Options.Policies);

            var folder = OutputFolder.Prepare(parse.GetValue(output)!, parse.GetValue(force));
            string directory = folder.Path;
            bool interactive = !parse.GetValue(quiet);
            var points = await SweepProgress.RunAsync(plan, interactive ? stderr : null, ct);
            var first = points[0].Result;

            var written = new List<string>();
            void Csv(string name, Action<string> write) { string file = Path.Combine(directory, name); write(file); written.Add(file); }
            Csv("results.csv", f => ResultsCsv.Write(f, points));
            if (pairs.Count > 0) Csv("paired.csv", f => PairedCsv.Write(f, points, pairs));
            if (parse.GetValue(perRun)) Csv("runs.csv", f => RunsCsv.Write(f, points));
            if (parameterSweep is null)
            {
                written.AddRange(SweepPlots.Write(directory, first));
                FrontierOutput.Write(directory, first, out var frontierFigures);
                written.Add(Path.Combine(directory, "frontier.csv"));
                written.AddRange(frontierFigures);
            }
            else written.AddRange(ParameterPlots.Write(directory, points, parameterSweep));
            RunManifest.Write(Path.Combine(directory, "run.json"), first, "simulate", m =>
            {
                if (calibration is not null) m["tauSelection"] = TauTargets.Json(calibration);
                if (parameterSweep is not null)
                {
                    m["parameters"] = RunManifest.ToNode(baseOptions.Parameters);
                    m["sweep"] = parameterSweep.ToJson();
                    m["sweepNote"] = "Each point runs with 'parameters', 'workload', 'channel' and 'servers' as recorded here except the swept fields, which take each listed value; results.csv names them in its leading columns.";
                }
                if (pairs.Count > 0) m["comparisons"] = new JsonArray(pairs.Select(p => (JsonNode?)$"{p.A}-{p.B}").ToArray());
                m["intervals"] = "95 % Student-t interval of the mean over runs (mean ± t(0.975, runs - 1) · SE); paired differences likewise over per-run differences";
                m["files"] = OutputFolder.FileList(written);
            });
            folder.RemoveStale(written);

            var stdout = parse.InvocationConfiguration.Output;
            if (interactive) Summary(points, pairs, stdout);
            if (calibration is not null) await stdout.WriteLineAsync(TauTargets.Describe(calibration, first));
            await stderr.WriteLineAsync($"wrote {written.Count + 1} files to {directory}: results.csv{(pairs.Count > 0 ? ", paired.csv" : "")}{(parse.GetValue(perRun) ? ", runs.csv" : "")}, run.json and figures (PNG, SVG, PDF)");
            long unserved = points.Sum(p => p.Result.UnservedForced);
            if (unserved > 0)
                await stderr.WriteLineAsync($"note: {unserved} user-epochs had u > tau but no server with a finite delay; they stayed local.");
            return 0;
        });
        return command;
    }

    /// <summary>What every point of a sweep shares: the command line's own values.</summary>
    private sealed record Inputs(IReadOnlyList<int> Users, IReadOnlyList<double> Taus, int Runs, ulong Seed, IReadOnlyList<IOffloadingPolicy> Policies,
        ModelMode Mode, IQuerySignal Signal, bool MeasureTime, int? Threads, IGreedyEngine Engine, string? Trace, string? TraceOrder, bool TraceOrderGiven);

    /// <summary>
    /// The sweep options of one configuration; its problems are added to <paramref name="problems"/>, each prefixed with
    /// the --sweep values that produced it (<paramref name="sweepLabel"/>) so a bad swept value is named.
    /// </summary>
    private static SweepOptions Build(SimulationConfig cfg, int serverCount, Inputs inputs, List<string> problems, string? sweepLabel)
    {
        var parameters = (cfg.Parameters ?? SystemParameters.Default) with { Mode = inputs.Mode };
        if (serverCount < 1 && cfg.Servers is null)
            throw new UsageException($"{sweepLabel ?? "--servers"} must be at least 1 (got {serverCount}): with zero edge servers there is nothing to offload to.");
        IReadOnlyList<(double X, double Y)> positions = cfg.Servers is { } list
            ? list.Select(s => (s.X, s.Y)).ToArray()
            : ServerLayout.Grid(serverCount, parameters.Generator?.AreaSideM ?? GeneratorDistributions.Paper.AreaSideM);
        var overrides = cfg.Servers is { } specs && specs.Any(s => s.CapacityFlops is not null || s.BandwidthHz is not null)
            ? specs.Select(s => new ServerOverride(s.CapacityFlops, s.BandwidthHz)).ToArray()
            : null;
        IWorkload workload;
        if (inputs.Trace is string tracePath)
        {
            if (cfg.Workload is not null)
                throw new UsageException("--trace replaces the synthetic workload, so the config's 'workload' section would be ignored; remove one of them.");
            var order = inputs.TraceOrder?.Trim().ToLowerInvariant() switch
            {
                "uniform" or null or "" => TraceOrder.Uniform,
                "sequential" => TraceOrder.Sequential,
                var other => throw new UsageException($"--trace-order '{other}' is not an order. Use 'uniform' or 'sequential'."),
            };
            workload = TraceWorkload.Load(tracePath, order);
        }
        else
        {
            if (inputs.TraceOrderGiven)
                throw new UsageException("--trace-order only applies to a replayed trace; add --trace FILE.");
            try { workload = new SyntheticWorkload(cfg.Workload); }
            catch (ArgumentException ex) { throw new UsageException(sweepLabel is null ? ex.Message : $"{sweepLabel}: {ex.Message}"); }
        }
        var options = new SweepOptions
        {
            Users = inputs.Users,
            Taus = inputs.Taus,
            Runs = inputs.Runs,
            Seed = inputs.Seed,
            Policies = inputs.Policies,
            Parameters = parameters,
            Channel = cfg.Channel ?? ChannelOptions.Paper,
            ServerPositions = positions,
            ServerOverrides = overrides,
            Workload = workload,
            Signal = inputs.Signal,
            MeasureDecisionTime = inputs.MeasureTime,
            MaxDegreeOfParallelism = inputs.Threads,
            Engine = inputs.Engine,
        };
        foreach (var p in options.Problems())
        {
            string text = p.Render(FlagOf(p.Field, cfg));
            problems.Add(sweepLabel is null ? text : $"{sweepLabel}: {text}");
        }
        return options;
    }

    /// <summary>The GA with the budget of --ga-population and --ga-generations in place of the catalog's default one.</summary>
    private static IReadOnlyList<IOffloadingPolicy> WithGaBudget(IReadOnlyList<IOffloadingPolicy> chosen, ParseResult parse, Option<int> population, Option<int> generations)
    {
        int size = parse.GetValue(population), count = parse.GetValue(generations);
        if (size < 2) throw new UsageException($"--ga-population must be at least 2 (got {size}).");
        if (count < 0) throw new UsageException($"--ga-generations must be at least 0 (got {count}).");
        var defaults = new GeneticOptions();
        if (size == defaults.Population && count == defaults.Generations) return chosen;
        var budget = new GeneticPolicy(defaults with { Population = size, Generations = count });
        return chosen.Select(p => p is GeneticPolicy ? budget : p).ToArray();
    }

    /// <summary>The pairs --compare names; "auto" pairs GOA (or the first policy) with every other policy of the sweep.</summary>
    private static IReadOnlyList<(string A, string B)> ComparePairs(string? text, IReadOnlyList<IOffloadingPolicy> policies)
    {
        var names = policies.Select(p => p.Name).ToArray();
        string value = (text ?? "auto").Trim().ToLowerInvariant();
        if (value == "none") return [];
        if (value == "auto")
        {
            string lead = names.Contains(GoaPolicy.Instance.Name) ? GoaPolicy.Instance.Name : names[0];
            // The paper's headline comparisons first (they are what the summary prints): d_min, then edge-all.
            string[] headline = ["dmin", "edge-all"];
            return names.Where(n => n != lead).OrderBy(n => Array.IndexOf(headline, n) is var i && i >= 0 ? i : headline.Length)
                .Select(n => (lead, n)).ToArray();
        }
        var pairs = new List<(string, string)>();
        var problems = new List<string>();
        foreach (string part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] ab = part.Split(':');
            if (ab.Length != 2 || ab[0] == ab[1]) { problems.Add($"--compare: '{part}' is not a pair A:B of two different policies (e.g. goa:dmin)."); continue; }
            foreach (string n in ab)
                if (!names.Contains(n)) problems.Add($"--compare: '{n}' is not among the policies run ({string.Join(", ", names)}); add it to --policies.");
            pairs.Add((ab[0], ab[1]));
        }
        if (problems.Count > 0) throw new UsageException(string.Join(Environment.NewLine + "error: ", problems));
        return pairs;
    }

    /// <summary>What the user wrote for a <see cref="SweepOptions"/> property, so its problems name the user's own words.</summary>
    private static string FlagOf(string field, SimulationConfig cfg) => field switch
    {
        nameof(SweepOptions.Users) => "--users",
        nameof(SweepOptions.Taus) => "--tau",
        nameof(SweepOptions.Runs) => "--runs",
        nameof(SweepOptions.Policies) => "--policies",
        nameof(SweepOptions.ServerPositions) => cfg.Servers is null ? "--servers" : "the config's 'servers'",
        nameof(SweepOptions.ServerOverrides) => "servers",
        // The config file's key: problems read "parameters.physical.bandwidthHz must be ...", the path in that file.
        nameof(SweepOptions.Parameters) => "parameters",
        nameof(SweepOptions.Channel) => "channel",
        nameof(SweepOptions.MaxDegreeOfParallelism) => "--threads",
        _ => field,
    };

    /// <summary>
    /// The headline table (N = 100 or the largest, first tau) with 95 % intervals, then for each compared pair the
    /// paired difference of total delay and accuracy at every N: the answer to "is A's delay lower than B's?" per N.
    /// </summary>
    private static void Summary(IReadOnlyList<SweepPoint> points, IReadOnlyList<(string A, string B)> pairs, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        // Redirected output reports 80 columns, which folds the policy names; the table needs about 120.
        console.Profile.Width = Math.Max(console.Profile.Width, 130);
        foreach (var point in points.Take(3))
        {
            var result = point.Result;
            var o = result.Options;
            int n = o.HeadlineUsers;
            double tau = o.Taus[0];
            string swept = point.Values.Count == 0 ? "" : ", " + string.Join(", ", point.Values.Select(v => $"{v.Key} = {v.Value}"));
            var table = new Table().Title(Markup.Escape($"N = {n}, tau = {F(tau, "0.###")}, {o.Runs} runs, signal: {o.Signal.Name}, workload: {(o.Workload.IsSynthetic ? "SYNTHETIC" : o.Workload.Name)}, mode: {o.Parameters.Mode.ToString().ToLowerInvariant()}{swept}"));
            table.AddColumns("policy", "accuracy % [[95% CI]]", "total delay ms [[95% CI]]", "local ms", "comm ms", "edge ms", "offloaded", "decision ms");
            for (int k = 0; k < result.Rows.Count; k++)
            {
                var r = result.Rows[k];
                if (r.Users != n || r.Tau != tau) continue;
                var acc = SweepPlots.Estimate(result, k, x => x.AccuracyPct);
                var delay = SweepPlots.Estimate(result, k, x => x.TotalDelayMs);
                table.AddRow(r.Policy, Markup.Escape($"{F(r.AccuracyPct, "0.0")} [{F(acc.Lower, "0.0")}, {F(acc.Upper, "0.0")}]"),
                    Markup.Escape($"{F(r.TotalDelayMs, "0")} [{F(delay.Lower, "0")}, {F(delay.Upper, "0")}]"),
                    F(r.LocalDelayMs, "0"), F(r.CommDelayMs, "0"), F(r.EdgeComputeMs, "0"), F(r.Offloaded, "0.0"), F(r.DecisionMs, "0.000"));
            }
            console.Write(table);
            foreach (var (a, b) in pairs.Take(2))
            {
                var delays = PairedComparison.Compare(result, a, b, x => x.TotalDelayMs).Where(d => d.Tau == tau).ToArray();
                var accuracies = PairedComparison.Compare(result, a, b, x => x.AccuracyPct).Where(d => d.Tau == tau).ToArray();
                var paired = new Table().Title(Markup.Escape($"{a} - {b}, paired on the same epochs, tau = {F(tau, "0.###")} (95 % t interval)"));
                paired.AddColumns("N", "total delay ms [[95% CI]]", Markup.Escape($"{a}'s delay is"), "accuracy pp [[95% CI]]");
                for (int i = 0; i < delays.Length; i++)
                {
                    var d = delays[i].Difference;
                    var e = accuracies[i].Difference;
                    paired.AddRow(delays[i].Users.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape($"{F(d.Mean, "+0;-0;0")} [{F(d.Lower, "+0;-0;0")}, {F(d.Upper, "+0;-0;0")}]"),
                        PairedCsv.Verdict(delays[i]) switch { "lower" => "lower", "higher" => "higher", _ => "not different" },
                        Markup.Escape($"{F(e.Mean, "+0.00;-0.00;0.00")} [{F(e.Lower, "+0.00;-0.00;0.00")}, {F(e.Upper, "+0.00;-0.00;0.00")}]"));
                }
                console.Write(paired);
            }
        }
        if (points.Count > 3) stdout.WriteLine($"({points.Count - 3} more sweep points in results.csv and paired.csv)");
    }

    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
