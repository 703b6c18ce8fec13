namespace EdgeMargin.Cli.Tests;

/// <summary>Configs people keep: a YAML file is the JSON it spells, read by the same strict reader.</summary>
public class ConfigYamlTests
{
    private const string Json = """
        { "parameters": { "physical": { "bandwidthHz": 5e7, "carrierHz": 3.5e9 }, "generator": { "areaSideM": 400 },
                          "admission": { "maxUsersPerServer": 6 } },
          "channel": { "model": "3gpp-umi", "utHeightM": 1.5, "shadowing": true },
          "workload": { "marginAlpha": 1.5, "payloadMedianBytes": 500, "topK": 8 },
          "servers": [ { "x": 100, "y": 100, "capacityFlops": 2e16 }, { "x": 300, "y": 100 }, { "x": 200, "y": 300 } ] }
        """;

    private const string Yaml = """
        # the same configuration as the JSON beside it
        parameters:
          physical:
            bandwidthHz: 5e7
            carrierHz: 3.5e9
          generator: { areaSideM: 400 }
          admission:
            maxUsersPerServer: 6
        channel:
          model: 3gpp-umi
          utHeightM: 1.5
          shadowing: true
        workload:
          marginAlpha: 1.5
          payloadMedianBytes: 500
          topK: 8
        servers:
          - { x: 100, y: 100, capacityFlops: 2e16 }
          - x: 300
            y: 100
          - { x: 200, y: 300 }
        """;

    [Fact]
    public async Task A_yaml_config_and_its_json_twin_give_byte_identical_results()
    {
        string configs = Cli.TempDir(), fromJson = Cli.TempDir(), fromYaml = Cli.TempDir();
        File.WriteAllText(Path.Combine(configs, "c.json"), Json);
        File.WriteAllText(Path.Combine(configs, "c.yaml"), Yaml);
        string[] args = ["simulate", "--users", "25", "--tau", "0.6,1.0", "--runs", "3", "--no-timing", "--quiet", "--per-run"];
        var (exit, _, err) = await Cli.RunAsync([.. args, "--config", Path.Combine(configs, "c.json"), "--out", fromJson]);
        Assert.True(exit == 0, err);
        (exit, _, err) = await Cli.RunAsync([.. args, "--config", Path.Combine(configs, "c.yaml"), "--out", fromYaml]);
        Assert.True(exit == 0, err);
        foreach (string file in new[] { "results.csv", "runs.csv", "paired.csv", "frontier.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(fromJson, file)), File.ReadAllBytes(Path.Combine(fromYaml, file)));
        // run.json records the configuration as read, so it is the same too.
        Assert.Equal(File.ReadAllText(Path.Combine(fromJson, "run.json")), File.ReadAllText(Path.Combine(fromYaml, "run.json")));
    }

    [Fact]
    public async Task A_yaml_decide_scenario_gives_the_same_assignment_as_the_json_example()
    {
        string dir = Cli.TempDir();
        string json = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "examples", "epoch.json"));
        if (!File.Exists(json)) json = FindUp("docs/examples/epoch.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json));
        // JSON is YAML 1.2, so the example itself is a valid YAML file.
        string yaml = Path.Combine(dir, "epoch.yaml");
        File.WriteAllText(yaml, node!.ToJsonString());
        var a = await Cli.RunAsync("decide", "--scenario", json, "--policy", "goa", "--tau", "0.6");
        var b = await Cli.RunAsync("decide", "--scenario", yaml, "--policy", "goa", "--tau", "0.6");
        Assert.True(a.Exit == 0 && b.Exit == 0, a.Err + b.Err);
        Assert.Equal(a.Out, b.Out);
    }

    [Theory]
    [InlineData("parameters:\n  physical:\n    bandwidthHz: [1, 2\n", "not valid YAML at line")]
    [InlineData("parameters:\n  physical:\n    bandwith: 5e7\n", "bandwith")]
    [InlineData("parameters:\n  physical:\n    bandwidthHz: wide\n", "not valid")]
    [InlineData("workload:\n  marginAlpha: 1\n  marginAlpha: 2\n", "not valid YAML at line 3")]
    public async Task A_bad_yaml_config_is_refused_with_where_and_what(string yaml, string expected)
    {
        string dir = Cli.TempDir();
        string path = Path.Combine(dir, "bad.yml");
        File.WriteAllText(path, yaml);
        var (exit, _, err) = await Cli.RunAsync("simulate", "--users", "10", "--runs", "1", "--config", path, "--out", Cli.TempDir());
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("Exception", err);
    }

    private static string FindUp(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, relative))) return Path.Combine(d.FullName, relative);
        throw new FileNotFoundException(relative);
    }
}
