using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeMargin.Cli.Bench;

namespace EdgeMargin.Cli.Commands;

/// <summary><c>bench</c>: decision-time and optimality measurements of GOA (goa, gap, scaling).</summary>
internal static class BenchCommand
{
    internal static Command Create()
    {
        var command = new Command("bench", "Measure GOA: fast vs reference engine time, optimality gap, decision time versus N.");
        command.Subcommands.Add(Goa());
        command.Subcommands.Add(Gap());
        command.Subcommands.Add(Scaling());
        return command;
    }

    /// <summary>
    /// Largest N x M one synthetic epoch may have: the epoch holds several N x M arrays and the fast engine one more, about
    /// 40 bytes per pair in all, so this keeps a bench under half a gigabyte instead of running out of memory midway.
    /// </summary>
    internal const long MaxPairs = 10_000_000;

    /// <summary>
    /// Largest N^2 M the direct engine is run at: its cost grows as N^2 M (about 7 s per run at N = 10000, M = 64, which
    /// is 6.4e9), so 2.56e10 is about half a minute per run. Above it the bench would look hung; --skip-reference is the way.
    /// </summary>
    internal const double MaxReferenceWork = 2.56e10;

    private static void CheckPairs(long n, int m)
    {
        if (n * m > MaxPairs)
            throw new UsageException($"--users {n} x --servers {m} is {n * m} (user, server) pairs; one epoch takes at most {MaxPairs} here (memory).");
    }

    private static Command Scaling()
    {
        var users = new Option<string>("--users") { Description = "User counts N: a comma list or a range start:stop:step.", DefaultValueFactory = _ => "50,100,200,500,1000,2000,5000,10000" };
        var servers = new Option<int>("--servers") { Description = "Edge servers M, on a grid over the area.", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the first epoch; run r uses seed + r.", DefaultValueFactory = _ => 42UL };
        var runs = new Option<int>("--runs") { Description = "Epochs timed per N; medians are reported.", DefaultValueFactory = _ => 3 };
        var directMax = new Option<int>("--direct-max") { Description = "Largest N the reference (direct) engine is run at.", DefaultValueFactory = _ => 5000 };
        var gaMax = new Option<int>("--ga-max") { Description = "Largest N the GA is run at.", DefaultValueFactory = _ => 2000 };
        var output = new Option<string>("--out") { Description = "Output directory for scaling.csv and decision_time_vs_n.png.", DefaultValueFactory = _ => Path.Combine("out", "bench") };
        var command = new Command("scaling", "Decision time of reference GOA, fast GOA and GA versus N; writes scaling.csv and decision_time_vs_n.png.")
        {
            users, servers, seed, runs, directMax, gaMax, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var ns = Config.ListParser.Integers(parse.GetValue(users)!, "--users");
            int m = CommonOptions.AtLeast(parse, servers), r = CommonOptions.AtLeast(parse, runs);
            if (ns.Any(n => n < 1)) throw new UsageException("--users: every N must be at least 1.");
            foreach (int n in ns) CheckPairs(n, m);
            string directory = parse.GetValue(output)!;
            Directory.CreateDirectory(directory);
            var stdout = parse.InvocationConfiguration.Output;
            var c = CultureInfo.InvariantCulture;
            string Ms(double? v) => v is double x ? x.ToString("F3", c) : "-";
            await stdout.WriteLineAsync($"| N | M | reference ms | fast ms | ratio | GA ms | identical |");
            await stdout.WriteLineAsync("|---|---|---|---|---|---|---|");
            var rows = new List<ScalingRow>();
            foreach (int n in ns)
            {
                ct.ThrowIfCancellationRequested();
                var row = ScalingBench.Run(n, m, parse.GetValue(seed), r, 0.6, n <= parse.GetValue(directMax), n <= parse.GetValue(gaMax), ct);
                rows.Add(row);
                string ratio = row.DirectMs is double d ? (d / row.FastMs).ToString("F1", c) + "x" : "-";
                await stdout.WriteLineAsync($"| {n} | {m} | {Ms(row.DirectMs)} | {Ms(row.FastMs)} | {ratio} | {Ms(row.GaMs)} | {(row.Identical is bool b ? (b ? "true" : "false") : "-")} |");
            }
            string csv = Path.Combine(directory, "scaling.csv"), png = Path.Combine(directory, "decision_time_vs_n.png");
            ScalingBench.WriteCsv(csv, rows);
            ScalingBench.WritePng(png, rows, m, r);
            await stdout.WriteLineAsync($"wrote {csv} and {png}");
            return rows.Any(x => x.Identical == false) ? 1 : 0;
        });
        return command;
    }

    private static Command Gap()
    {
        var users = new Option<string>("--users") { Description = "User counts N: a comma list or a range start:stop:step (at most 16).", DefaultValueFactory = _ => "6,8,10,12" };
        var servers = new Option<int>("--servers") { Description = "Edge servers M, on a grid over the area.", DefaultValueFactory = _ => 4 };
        var scenarios = new Option<int>("--scenarios") { Description = "Seeded epochs per N; epoch r uses seed + r.", DefaultValueFactory = _ => 200 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the first epoch.", DefaultValueFactory = _ => 42UL };
        var tau = new Option<double>("--tau") { Description = "Threshold tau in [0, 1].", DefaultValueFactory = _ => 0.6 };
        var json = new Option<bool>("--json") { Description = "Print a JSON array, one object per N." };
        var command = new Command("gap", "GOA's optimality gap: its paper objective against the exact optimum (branch and bound) on small synthetic epochs.")
        {
            users, servers, scenarios, seed, tau, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var ns = Config.ListParser.Integers(parse.GetValue(users)!, "--users");
            int m = CommonOptions.AtLeast(parse, servers), count = CommonOptions.AtLeast(parse, scenarios);
            double t = CommonOptions.UnitInterval(parse, tau);
            foreach (int n in ns)
                if (n < 1 || n > EdgeMargin.Offloading.Optimal.OptimalPolicy.MaxUsers)
                    throw new UsageException($"--users: {n} is outside 1..{EdgeMargin.Offloading.Optimal.OptimalPolicy.MaxUsers}, the sizes the exact search accepts.");
            var stdout = parse.InvocationConfiguration.Output;
            var c = CultureInfo.InvariantCulture;
            var rows = new List<GapRow>();
            if (!parse.GetValue(json))
            {
                await stdout.WriteLineAsync($"GOA optimality gap: M = {m} servers, tau = {t.ToString(c)}, {count} synthetic epochs per N from seed {parse.GetValue(seed)}; gap = (GOA - optimum) / |optimum| of the paper objective");
                await stdout.WriteLineAsync("| N | epochs | mean gap % | worst gap % | GOA optimal % | exact search ms |");
                await stdout.WriteLineAsync("|---|---|---|---|---|---|");
            }
            foreach (int n in ns)
            {
                var row = GapBench.Run(n, m, count, parse.GetValue(seed), t, ct);
                rows.Add(row);
                if (!parse.GetValue(json))
                    await stdout.WriteLineAsync($"| {n} | {count} | {(100 * row.MeanGap).ToString("F3", c)} | {(100 * row.WorstGap).ToString("F3", c)} | {(100 * row.OptimalShare).ToString("F1", c)} | {row.OptimalMs.ToString("F2", c)} |");
            }
            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var r in rows)
                    array.Add(new JsonObject
                    {
                        ["users"] = r.Users,
                        ["servers"] = r.Servers,
                        ["scenarios"] = r.Scenarios,
                        ["meanGap"] = r.MeanGap,
                        ["worstGap"] = r.WorstGap,
                        ["goaOptimalShare"] = r.OptimalShare,
                        ["optimalMs"] = r.OptimalMs,
                    });
                await stdout.WriteLineAsync(array.ToJsonString());
            }
            return 0;
        });
        return command;
    }

    private static Command Goa()
    {
        var users = new Option<int>("--users") { Description = "Users N per epoch.", DefaultValueFactory = _ => 1000 };
        var servers = new Option<int>("--servers") { Description = "Edge servers M, on a grid over the area.", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the first epoch; run r uses seed + r.", DefaultValueFactory = _ => 42UL };
        var runs = new Option<int>("--runs") { Description = "Epochs timed; the median is reported.", DefaultValueFactory = _ => 5 };
        var tau = new Option<double>("--tau") { Description = "Threshold tau in [0, 1].", DefaultValueFactory = _ => 0.6 };
        var skip = new Option<bool>("--skip-reference") { Description = "Do not run the direct engine (for N where it would take too long); referenceMs is null." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: users, servers, referenceMs, fastMs, ratio, identical." };
        var compat = CommonOptions.Compat();
        var backlog = new Option<bool>("--backlog")
        {
            Description = "Give every server a random backlog (0-7 jobs in service, a wait of U(0, 50 ms), from the seed's own stream) and time backlog-aware GOA.",
        };
        var command = new Command("goa", "Time GOA's direct (reference) and fast engines on the same synthetic epochs and check they decide identically.")
        {
            users, servers, seed, runs, tau, skip, json, compat, backlog,
        };
        command.SetAction(async (parse, ct) =>
        {
            int n = CommonOptions.AtLeast(parse, users), m = CommonOptions.AtLeast(parse, servers), r = CommonOptions.AtLeast(parse, runs);
            double t = CommonOptions.UnitInterval(parse, tau);
            CheckPairs(n, m);
            if (!parse.GetValue(skip) && (double)n * n * m > MaxReferenceWork)
                throw new UsageException($"--users {n} --servers {m}: the reference (direct) engine is quadratic in N and would take minutes per run here; add --skip-reference to time the fast engine alone.");
            var mode = CommonOptions.ParseCompat(parse.GetValue(compat));
            var result = GoaBench.Run(n, m, parse.GetValue(seed), r, t, mode, parse.GetValue(skip), ct, parse.GetValue(backlog));
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                var o = new JsonObject
                {
                    ["users"] = result.Users,
                    ["servers"] = result.Servers,
                    ["referenceMs"] = result.ReferenceMs,
                    ["fastMs"] = result.FastMs,
                    ["ratio"] = result.Ratio,
                    ["identical"] = result.Identical,
                };
                await stdout.WriteLineAsync(o.ToJsonString());
                return result.Identical == false ? 1 : 0;
            }
            var c = CultureInfo.InvariantCulture;
            string load = parse.GetValue(backlog) ? ", backlog-aware on random backlogs" : "";
            await stdout.WriteLineAsync($"bench goa: N = {n} users, M = {m} servers, tau = {t.ToString(c)}, {r} run(s) from seed {parse.GetValue(seed)}, mode {mode.ToString().ToLowerInvariant()}{load}, median times");
            await stdout.WriteLineAsync(result.ReferenceMs is double d ? $"reference (direct): {d.ToString("F3", c)} ms" : "reference (direct): skipped");
            await stdout.WriteLineAsync($"fast:               {result.FastMs.ToString("F3", c)} ms");
            await stdout.WriteLineAsync(result.Ratio is double q ? $"ratio:              {q.ToString("F1", c)}x" : "ratio:              n/a");
            await stdout.WriteLineAsync($"identical: {(result.Identical is bool b ? (b ? "true" : "false") : "n/a (reference skipped)")}");
            return result.Identical == false ? 1 : 0;
        });
        return command;
    }
}
