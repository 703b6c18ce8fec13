using System.Text.Json;

namespace EdgeMargin.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public async Task Bench_goa_json_is_one_object_with_both_times_and_identical_true()
    {
        var (exit, output, err) = await Cli.RunAsync("bench", "goa", "--users", "40", "--servers", "4", "--seed", "7", "--runs", "2", "--json");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        var o = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, o.ValueKind);
        Assert.Equal(["users", "servers", "referenceMs", "fastMs", "ratio", "identical"], o.EnumerateObject().Select(p => p.Name));
        Assert.Equal(40, o.GetProperty("users").GetInt32());
        Assert.Equal(4, o.GetProperty("servers").GetInt32());
        Assert.True(o.GetProperty("referenceMs").GetDouble() >= 0);
        Assert.True(o.GetProperty("fastMs").GetDouble() >= 0);
        Assert.True(o.GetProperty("identical").GetBoolean());
    }

    [Fact]
    public async Task Bench_goa_with_backlogs_times_backlog_aware_goa_and_the_engines_still_agree()
    {
        var (exit, output, err) = await Cli.RunAsync("bench", "goa", "--users", "60", "--servers", "8", "--seed", "3", "--runs", "2", "--backlog");
        Assert.True(exit == 0, err);
        Assert.Contains("backlog-aware on random backlogs", output);
        Assert.Contains("identical: true", output);
    }

    [Fact]
    public async Task Bench_goa_can_skip_the_reference_and_then_reports_nulls()
    {
        var (exit, output, err) = await Cli.RunAsync("bench", "goa", "--users", "30", "--servers", "2", "--runs", "1", "--skip-reference", "--json");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        var o = doc.RootElement;
        Assert.Equal(["users", "servers", "referenceMs", "fastMs", "ratio", "identical"], o.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, o.GetProperty("referenceMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, o.GetProperty("ratio").ValueKind);
        Assert.Equal(JsonValueKind.Null, o.GetProperty("identical").ValueKind);
        Assert.Equal(JsonValueKind.Number, o.GetProperty("fastMs").ValueKind);
    }

    [Fact]
    public async Task Bench_goa_text_says_whether_the_engines_agree()
    {
        var (exit, output, err) = await Cli.RunAsync("bench", "goa", "--users", "25", "--servers", "3", "--runs", "1");
        Assert.True(exit == 0, err);
        Assert.Contains("identical: true", output);
        Assert.Contains("reference (direct):", output);
    }

    [Theory]
    [InlineData("--users", "--users", "0")]
    [InlineData("--users", "--users", "-5")]
    [InlineData("--servers", "--servers", "0")]
    [InlineData("--runs", "--runs", "0")]
    [InlineData("--runs", "--runs", "-1")]
    [InlineData("--tau", "--tau", "1.5")]
    [InlineData("--tau", "--tau", "NaN")]
    // Too large for the reference scan: refused up front rather than appearing to hang for minutes.
    [InlineData("--skip-reference", "--users", "50000", "--servers", "16")]
    // Too large for memory even without the reference: refused before generating the epoch.
    [InlineData("pairs", "--users", "2000000", "--servers", "64", "--skip-reference")]
    public async Task Bench_goa_rejects_bad_sizes_with_one_line_and_exit_2(string named, params string[] args)
    {
        string[] runs = args.Contains("--runs") ? [] : ["--runs", "1"];
        var (exit, output, err) = await Cli.RunAsync(["bench", "goa", .. runs, .. args]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        string line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(named, line);
    }

    [Fact]
    public void Bench_runs_stop_when_cancelled_instead_of_running_to_the_end()
    {
        // The host cancels on Ctrl+C and SIGTERM, then waits for the command: a bench that ignored the token would
        // keep a terminated process alive for the whole reference run.
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => Bench.GoaBench.Run(30, 2, 1, 3, 0.6, EdgeMargin.Scenarios.ModelMode.Default, false, cancelled.Token));
        Assert.Throws<OperationCanceledException>(() => Bench.ScalingBench.Run(30, 2, 1, 3, 0.6, true, false, cancelled.Token));
    }

    [Fact]
    public async Task Bench_scaling_refuses_a_user_count_too_large_for_memory()
    {
        var (exit, _, err) = await Cli.RunAsync("bench", "scaling", "--users", "50,2000000", "--servers", "64", "--out", Cli.TempDir());
        Assert.Equal(2, exit);
        Assert.Contains("pairs", err);
    }

    [Fact]
    public async Task Bench_gap_json_reports_mean_and_worst_gap_per_user_count()
    {
        var (exit, output, err) = await Cli.RunAsync("bench", "gap", "--users", "4,5", "--scenarios", "5", "--seed", "3", "--json");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal([4, 5], rows.Select(r => r.GetProperty("users").GetInt32()));
        foreach (var r in rows)
        {
            Assert.Equal(["users", "servers", "scenarios", "meanGap", "worstGap", "goaOptimalShare", "optimalMs"], r.EnumerateObject().Select(p => p.Name));
            double mean = r.GetProperty("meanGap").GetDouble(), worst = r.GetProperty("worstGap").GetDouble();
            Assert.InRange(mean, 0, worst);
            Assert.Equal(5, r.GetProperty("scenarios").GetInt32());
        }
    }

    [Fact]
    public async Task Bench_gap_refuses_sizes_the_exact_search_cannot_take()
    {
        var (exit, _, err) = await Cli.RunAsync("bench", "gap", "--users", "40", "--scenarios", "1");
        Assert.Equal(2, exit);
        Assert.Contains("1..16", err);
    }

    [Fact]
    public async Task Decide_with_the_optimal_policy_refuses_a_large_epoch_with_exit_2()
    {
        var users = string.Join(",", Enumerable.Range(0, 17).Select(i =>
            $$"""{ "id": "u{{i}}", "uncertainty": 0.5, "payloadBytes": 400, "localTimeS": 0.1, "deviceCapacityFlops": 1e14, "channelGains": [1e-9] }"""));
        string path = Path.Combine(Cli.TempDir(), "big.json");
        File.WriteAllText(path, $$"""{ "servers": [ { "id": "es-a", "capacityFlops": 1.513e16 } ], "users": [ {{users}} ] }""");
        var (exit, _, err) = await Cli.RunAsync("decide", "--scenario", path, "--policy", "optimal");
        Assert.Equal(2, exit);
        Assert.Contains("N = 17", err);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("direct")]
    public async Task Decide_accepts_either_engine_and_they_print_the_same_decision(string engine)
    {
        var users = string.Join(",", Enumerable.Range(0, 6).Select(i =>
            $$"""{ "id": "u{{i}}", "uncertainty": {{(i % 3 == 0 ? "0.9" : "0.4")}}, "payloadBytes": {{300 + 40 * i}}, "localTimeS": {{0.05 + 0.05 * i}}, "deviceCapacityFlops": 1e14, "channelGains": [{{1e-9 * (i + 1)}}, 2e-10] }"""));
        string path = Path.Combine(Cli.TempDir(), "six.json");
        File.WriteAllText(path, $$"""{ "servers": [ { "id": "es-a", "capacityFlops": 1.513e16 }, { "id": "es-b", "capacityFlops": 1e16 } ], "users": [ {{users}} ] }""");
        var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", path, "--engine", engine);
        Assert.True(exit == 0, err);
        var (_, reference, _) = await Cli.RunAsync("decide", "--scenario", path, "--engine", "direct");
        Assert.Equal(reference, output);
    }

    [Fact]
    public async Task Simulate_refuses_the_optimal_policy_at_user_counts_it_cannot_search()
    {
        var (exit, _, err) = await Cli.RunAsync("simulate", "--users", "8,20", "--runs", "1", "--policies", "goa,optimal", "--quiet", "--out", Cli.TempDir());
        Assert.Equal(2, exit);
        Assert.Contains("'optimal'", err);
    }

    [Fact]
    public async Task Simulate_refuses_the_optimal_policy_when_servers_make_the_search_space_too_large()
    {
        // 13 users is under the user limit, but 10^13 assignments is over the search-space limit.
        var (exit, _, err) = await Cli.RunAsync("simulate", "--users", "13", "--servers", "9", "--runs", "1", "--policies", "goa,optimal", "--quiet", "--out", Cli.TempDir());
        Assert.Equal(2, exit);
        Assert.Contains("'optimal'", err);
        Assert.DoesNotContain("internal error", err);
    }

    [Fact]
    public async Task Simulate_with_the_optimal_policy_runs_at_small_user_counts_and_the_direct_engine_gives_the_same_csv()
    {
        string fast = Cli.TempDir(), direct = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync("simulate", "--users", "6,8", "--runs", "3", "--tau", "0.6", "--policies", "goa,dmin,random,edge-all,optimal", "--quiet", "--no-timing", "--out", fast);
        Assert.True(exit == 0, err);
        (exit, _, err) = await Cli.RunAsync("simulate", "--users", "6,8", "--runs", "3", "--tau", "0.6", "--policies", "goa,dmin,random,edge-all,optimal", "--quiet", "--no-timing", "--engine", "direct", "--out", direct);
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllText(Path.Combine(direct, "results.csv")), File.ReadAllText(Path.Combine(fast, "results.csv")));
    }
}
