using System.Text.Json;

namespace EdgeMargin.Cli.Tests;

public class SimulateCommandTests
{
    /// <summary>A small sweep; options in <paramref name="extra"/> replace the defaults of the same name.</summary>
    private static string[] Small(string dir, params string[] extra)
    {
        var options = new List<(string Name, string? Value)> { ("--users", "20,30"), ("--tau", "0.6,0.8"), ("--runs", "4"), ("--out", dir), ("--quiet", null) };
        for (int k = 0; k < extra.Length; k++)
        {
            string name = extra[k];
            string? value = k + 1 < extra.Length && !extra[k + 1].StartsWith("--", StringComparison.Ordinal) ? extra[++k] : null;
            options.RemoveAll(o => o.Name == name);
            options.Add((name, value));
        }
        return ["simulate", .. options.SelectMany(o => o.Value is null ? new[] { o.Name } : new[] { o.Name, o.Value })];
    }

    [Fact]
    public async Task Writes_the_long_form_csv_run_manifest_and_plots()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(Small(dir));
        Assert.True(exit == 0, err);
        string[] lines = File.ReadAllLines(Path.Combine(dir, "results.csv"));
        // The historical columns first, unchanged, then the standard error and interval of each quantity.
        Assert.StartsWith("users,tau,policy,runs,accuracy_pct,total_delay_ms,mean_delay_ms,local_delay_ms,comm_delay_ms,edge_compute_ms,offloaded,decision_ms,accuracy_pct_se,accuracy_pct_ci95_low,accuracy_pct_ci95_high,", lines[0]);
        Assert.Equal(1 + 2 * 2 * 6, lines.Length);
        Assert.StartsWith("20,0.6,goa,4,", lines[1]);
        foreach (string png in new[] { "accuracy_vs_users.png", "delay_vs_users.png", "decision_time_vs_users.png", "accuracy_vs_users_tau0.8.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(dir, png));
            Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png);
        }
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal(42UL, manifest.RootElement.GetProperty("seed").GetUInt64());
        Assert.True(manifest.RootElement.GetProperty("workload").GetProperty("synthetic").GetBoolean());
        Assert.Equal("default", manifest.RootElement.GetProperty("parameters").GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Same_seed_gives_a_byte_identical_csv_whatever_the_thread_count()
    {
        string a = Cli.TempDir(), b = Cli.TempDir();
        Assert.Equal(0, (await Cli.RunAsync(Small(a, "--no-timing", "--threads", "1"))).Exit);
        Assert.Equal(0, (await Cli.RunAsync(Small(b, "--no-timing", "--threads", "2"))).Exit);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "results.csv")), File.ReadAllBytes(Path.Combine(b, "results.csv")));
    }

    [Fact]
    public async Task Compat_reference_mode_is_recorded_and_changes_the_uplink_delays()
    {
        string a = Cli.TempDir(), b = Cli.TempDir();
        Assert.Equal(0, (await Cli.RunAsync(Small(a, "--policies", "edge-all", "--no-timing"))).Exit);
        Assert.Equal(0, (await Cli.RunAsync(Small(b, "--policies", "edge-all", "--no-timing", "--compat", "reference"))).Exit);
        Assert.Contains("\"mode\": \"reference\"", File.ReadAllText(Path.Combine(b, "run.json")));
        // edge-all offloads everyone in both modes, so accuracy is the same; the paper code's bytes-as-bits makes the
        // uplink part of the delay smaller on every row.
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string[][] Rows(string dir) => File.ReadAllLines(Path.Combine(dir, "results.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var byDefault = Rows(a);
        var reference = Rows(b);
        Assert.Equal(4, byDefault.Length);
        foreach (var (d, r) in byDefault.Zip(reference))
        {
            Assert.Equal(d[4], r[4]);
            Assert.True(double.Parse(r[8], inv) < double.Parse(d[8], inv), $"comm_delay_ms: reference {r[8]} vs default {d[8]}");
        }
    }

    [Fact]
    public async Task A_config_file_overrides_constants_and_server_positions()
    {
        string dir = Cli.TempDir();
        string config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, """
            { "parameters": { "bandwidthHz": 2e7 }, "workload": { "payloadMedianBytes": 800 },
              "servers": [ { "x": 250, "y": 250 } ] }
            """);
        var (exit, _, err) = await Cli.RunAsync(Small(dir, "--config", config, "--policies", "goa", "--no-timing"));
        Assert.True(exit == 0, err);
        string manifest = File.ReadAllText(Path.Combine(dir, "run.json"));
        Assert.Contains("\"bandwidthHz\": 20000000", manifest);
        Assert.Contains("\"payloadMedianBytes\": 800", manifest);
        using (var doc = JsonDocument.Parse(manifest))
        {
            var server = Assert.Single(doc.RootElement.GetProperty("servers").EnumerateArray());
            Assert.Equal((250.0, 250.0), (server.GetProperty("x").GetDouble(), server.GetProperty("y").GetDouble()));
        }
        // The overrides reach the simulation, not only the manifest.
        string plain = Cli.TempDir();
        Assert.Equal(0, (await Cli.RunAsync(Small(plain, "--policies", "goa", "--no-timing"))).Exit);
        Assert.NotEqual(File.ReadAllText(Path.Combine(plain, "results.csv")), File.ReadAllText(Path.Combine(dir, "results.csv")));
    }

    [Theory]
    [InlineData("--policies", "goa,gao", "Unknown policy 'gao'")]
    [InlineData("--tau", "1.5", "--tau: every threshold must lie in [0, 1]")]
    [InlineData("--tau", "abc", "'abc' is not a finite number")]
    [InlineData("--servers", "0", "--servers must be at least 1")]
    [InlineData("--runs", "0", "--runs must be at least 1")]
    [InlineData("--users", "0", "every user count must be at least 1")]
    [InlineData("--compat", "paperish", "is not a mode")]
    public async Task Bad_options_exit_with_code_2_and_a_specific_message(string option, string value, string expected)
    {
        string dir = Cli.TempDir();
        var (exit, output, err) = await Cli.RunAsync(Small(dir, option, value));
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(File.Exists(Path.Combine(dir, "results.csv")), output);
    }

    [Theory]
    [InlineData("{ \"parameters\": { \"bandwidthHz\": ", "is not valid")]
    [InlineData("{ \"parameters\": { \"bandwith\": 1e8 } }", "bandwith")]
    [InlineData("{ \"parameters\": { \"bandwidthHz\": -5 } }", "parameters.physical.bandwidthHz must be a finite number > 0")]
    [InlineData("{ \"parameters\": { \"physical\": { \"bandwidthHz\": -5 } } }", "parameters.physical.bandwidthHz must be a finite number > 0")]
    [InlineData("{ \"parameters\": { \"transmitPowerW\": \"NaN\" } }", "parameters.physical.transmitPowerW must be a finite number > 0")]
    [InlineData("{ \"parameters\": { \"physical\": { \"bandwidthHz\": 1e8 }, \"carrierHz\": 2e9 } }", "Move 'carrierHz' into 'physical'")]
    [InlineData("{ \"workload\": { \"marginAlpha\": 0 } }", "workload.MarginAlpha")]
    [InlineData("{ \"channel\": { \"model\": \"3gpp-umx\" } }", "channel.model '3gpp-umx' is not a channel model; use one of free-space, 3gpp-umi, 3gpp-uma")]
    [InlineData("{ \"channel\": { \"model\": \"3gpp-umi\", \"utHeightM\": 40 } }", "channel.utHeightM must lie in [1.5, 22.5] m")]
    [InlineData("{ \"channel\": { \"model\": \"3gpp-umi\", \"height\": 40 } }", "height")]
    public async Task Bad_config_files_exit_with_code_2_and_name_the_problem(string json, string expected)
    {
        string dir = Cli.TempDir();
        string config = Path.Combine(dir, "bad.json");
        File.WriteAllText(config, json);
        var (exit, _, err) = await Cli.RunAsync(Small(dir, "--config", config));
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task A_3gpp_channel_in_the_config_changes_the_delays_and_is_recorded_in_run_json()
    {
        string free = Cli.TempDir(), umi = Cli.TempDir();
        string config = Path.Combine(umi, "umi.json");
        File.WriteAllText(config, """{ "channel": { "model": "3gpp-umi", "utHeightM": 1.5 } }""");
        Assert.Equal(0, (await Cli.RunAsync(Small(free, "--policies", "edge-all", "--no-timing"))).Exit);
        var (exit, _, err) = await Cli.RunAsync(Small(umi, "--policies", "edge-all", "--no-timing", "--config", config));
        Assert.True(exit == 0, err);
        Assert.NotEqual(File.ReadAllText(Path.Combine(free, "results.csv")), File.ReadAllText(Path.Combine(umi, "results.csv")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(umi, "run.json")));
        var channel = manifest.RootElement.GetProperty("channel");
        Assert.Equal("3gpp-umi", channel.GetProperty("model").GetString());
        Assert.Equal(10, channel.GetProperty("bsHeightM").GetDouble());
        Assert.Equal("random", channel.GetProperty("condition").GetString());
        Assert.Equal("rayleigh", channel.GetProperty("fading").GetString());
        using var plain = JsonDocument.Parse(File.ReadAllText(Path.Combine(free, "run.json")));
        var plainChannel = plain.RootElement.GetProperty("channel");
        Assert.Equal(["model", "fading"], plainChannel.EnumerateObject().Select(p => p.Name));
        Assert.Equal("free-space", plainChannel.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_missing_config_file_is_named()
    {
        var (exit, _, err) = await Cli.RunAsync(Small(Cli.TempDir(), "--config", "/nonexistent/config.json"));
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/config.json", err);
    }
}
