using System.Text.Json;

namespace EdgeMargin.Cli.Tests;

/// <summary>simulate --sweep NAME=LIST over any config field, and heterogeneous servers in simulate --config.</summary>
public class SimulateSweepTests
{
    private static string[] Small(string dir, params string[] extra) =>
        ["simulate", "--users", "20", "--tau", "0.6", "--runs", "4", "--policies", "goa,edge-all", "--no-timing", "--quiet", "--out", dir, .. extra];

    private static string[] Lines(string dir, string file = "results.csv") => File.ReadAllLines(Path.Combine(dir, file));

    [Fact]
    public async Task A_swept_field_leads_each_row_and_its_default_value_reproduces_the_plain_run()
    {
        string plain = Cli.TempDir(), swept = Cli.TempDir();
        Assert.Equal(0, (await Cli.RunAsync(Small(plain))).Exit);
        var (exit, _, err) = await Cli.RunAsync(Small(swept, "--sweep", "physical.bandwidthHz=2e7,1e8"));
        Assert.True(exit == 0, err);
        string[] lines = Lines(swept);
        Assert.StartsWith("physical.bandwidthHz,users,tau,policy,", lines[0]);
        Assert.Equal(1 + 2 * 2, lines.Length);
        // The point at the default bandwidth is the plain run, row for row.
        string[] atDefault = lines.Skip(1).Where(l => l.StartsWith("100000000,", StringComparison.Ordinal)).Select(l => l["100000000,".Length..]).ToArray();
        Assert.Equal(Lines(plain).Skip(1), atDefault);
        string[] narrow = lines.Skip(1).Where(l => l.StartsWith("20000000,", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, narrow.Length);
        Assert.NotEqual(atDefault[0], narrow[0]["20000000,".Length..]);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(swept, "run.json")));
        var sweep = Assert.Single(manifest.RootElement.GetProperty("sweep").EnumerateArray());
        Assert.Equal("physical.bandwidthHz", sweep.GetProperty("name").GetString());
        Assert.Equal([2e7, 1e8], sweep.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.True(File.Exists(Path.Combine(swept, "mean_delay_vs_physical.bandwidthHz.svg")));
    }

    [Fact]
    public async Task Two_sweeps_run_every_combination_and_the_server_count_can_be_swept()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(Small(dir, "--sweep", "servers=1,4", "--sweep", "workload.marginAlpha=1.2,1.8"));
        Assert.True(exit == 0, err);
        string[] lines = Lines(dir);
        Assert.StartsWith("servers,workload.marginAlpha,users,", lines[0]);
        Assert.Equal(["1,1.2", "1,1.8", "4,1.2", "4,1.8"], lines.Skip(1).Select(l => string.Join(",", l.Split(',').Take(2))).Distinct());
        Assert.Contains(Lines(dir, "paired.csv"), l => l.StartsWith("4,1.8,20,0.6,goa,edge-all,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_sweep_name_is_refused_with_every_valid_name()
    {
        var (exit, _, err) = await Cli.RunAsync(Small(Cli.TempDir(), "--sweep", "physical.bandwidth=1e7"));
        Assert.Equal(2, exit);
        Assert.Contains("'physical.bandwidth' is not a field that can be swept", err);
        foreach (string name in new[] { "servers", "physical.bandwidthHz", "generator.areaSideM", "edgeEstimate.parameterRatio", "admission.maxUsersPerServer", "workload.marginAlpha", "channel.model" })
            Assert.Contains(name, err);
        Assert.DoesNotContain("Exception", err);
    }

    [Fact]
    public async Task A_bad_swept_value_is_named_with_the_sweep_that_produced_it()
    {
        var (exit, _, err) = await Cli.RunAsync(Small(Cli.TempDir(), "--sweep", "physical.bandwidthHz=1e8,-5"));
        Assert.Equal(2, exit);
        Assert.Contains("--sweep physical.bandwidthHz=-5", err);
        Assert.Contains("bandwidthHz", err);
    }

    [Fact]
    public async Task A_channel_model_can_be_swept_by_name()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(Small(dir, "--sweep", "channel.model=free-space,3gpp-umi"));
        Assert.True(exit == 0, err);
        var rows = Lines(dir).Skip(1).ToArray();
        Assert.Equal(2, rows.Count(r => r.StartsWith("3gpp-umi,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Heterogeneous_servers_fix_capacity_and_bandwidth_per_server_and_are_recorded()
    {
        string configDir = Cli.TempDir(), equal = Cli.TempDir(), mixed = Cli.TempDir();
        string same = Path.Combine(configDir, "same.json"), different = Path.Combine(configDir, "different.json");
        File.WriteAllText(same, """{ "servers": [ { "x": 125, "y": 250 }, { "x": 375, "y": 250 } ] }""");
        File.WriteAllText(different, """
            { "servers": [ { "x": 125, "y": 250, "capacityFlops": 3e16, "bandwidthHz": 2e8 },
                           { "x": 375, "y": 250, "capacityFlops": 2e15 } ] }
            """);
        Assert.Equal(0, (await Cli.RunAsync(Small(equal, "--config", same))).Exit);
        var (exit, _, err) = await Cli.RunAsync(Small(mixed, "--config", different));
        Assert.True(exit == 0, err);
        Assert.NotEqual(Lines(equal)[1], Lines(mixed)[1]);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(mixed, "run.json")));
        var servers = manifest.RootElement.GetProperty("servers").EnumerateArray().ToArray();
        Assert.Equal(3e16, servers[0].GetProperty("capacityFlops").GetDouble());
        Assert.Equal(2e8, servers[0].GetProperty("bandwidthHz").GetDouble());
        Assert.False(servers[1].TryGetProperty("bandwidthHz", out _));

        File.WriteAllText(different, """{ "servers": [ { "x": 125, "y": 250, "capacityFlops": -1 } ] }""");
        (exit, _, err) = await Cli.RunAsync(Small(Cli.TempDir(), "--config", different));
        Assert.Equal(2, exit);
        Assert.Contains("capacityFlops must be a finite number > 0", err);
    }
}
