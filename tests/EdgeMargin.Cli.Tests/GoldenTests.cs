using System.Runtime.CompilerServices;

namespace EdgeMargin.Cli.Tests;

/// <summary>
/// Pins published numbers: small slices of <c>simulate</c>, <c>decide</c> and <c>analyze</c> must print exactly the bytes
/// checked in under <c>Golden/expected</c>. A refactor must leave them unchanged; an extra draw on a shared random stream,
/// a reordered sum or a changed default fails here first. A deliberate change regenerates them with
/// <c>EDGEMARGIN_UPDATE_GOLDEN=1 dotnet test --filter GoldenTests</c>, in a commit of its own that says why.
/// </summary>
public class GoldenTests
{
    private static readonly string[] PaperPolicies = ["--policies", "goa,local-all,edge-all,random,dmin,ga"];

    // The signals the analyze files were made with, named rather than left to the default (every registered signal), so
    // that registering a new signal adds it to the catalog without moving a published number.
    private static readonly string[] GoldenSignals = ["--signals", "margin,max-prob,entropy,log-ratio,mean-logprob"];

    public static TheoryData<string, string[]> SimulateCases => new()
    {
        { "simulate-default", ["--users", "20,40", "--tau", "0.6,0.9", "--runs", "3", .. PaperPolicies] },
        { "simulate-reference", ["--users", "20,40", "--tau", "0.6,0.9", "--runs", "3", "--compat", "reference", .. PaperPolicies] },
        { "simulate-optimal", ["--users", "5,7", "--tau", "0.6,0.9", "--runs", "3", "--servers", "2", "--policies", "goa,optimal,dmin,random"] },
        { "simulate-direct-engine", ["--users", "30", "--tau", "0.7", "--runs", "3", "--engine", "direct", "--policies", "goa,dmin,edge-all,random"] },
        { "simulate-trace", ["--users", "8,16", "--tau", "0.6,0.9", "--runs", "3", "--trace", Input("trace.jsonl"), .. PaperPolicies] },
        { "simulate-trace-sequential", ["--users", "16", "--tau", "0.8", "--runs", "2", "--trace", Input("trace.jsonl"), "--trace-order", "sequential", "--signal", "entropy", "--policies", "goa,local-all,edge-all,random"] },
        { "simulate-config", ["--users", "25", "--tau", "0.6,1.0", "--runs", "3", "--config", Input("config.json"), .. PaperPolicies] },
    };

    [Theory]
    [MemberData(nameof(SimulateCases))]
    public async Task Simulate_slices_print_the_checked_in_results_and_frontier_byte_for_byte(string name, string[] args)
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(["simulate", .. args, "--no-timing", "--quiet", "--out", dir]);
        Assert.True(exit == 0, err);
        Compare(name, "results.csv", File.ReadAllText(Path.Combine(dir, "results.csv")));
        Compare(name, "frontier.csv", File.ReadAllText(Path.Combine(dir, "frontier.csv")));
    }

    [Fact]
    public async Task The_nested_parameters_form_of_the_golden_config_prints_the_same_bytes_as_its_flat_form()
    {
        // config.json spells its parameters in the flat form written before SystemParameters was split; this is the same
        // file in the nested form, which must give the same epochs.
        string dir = Cli.TempDir();
        string config = Path.Combine(dir, "nested.json");
        File.WriteAllText(config, """
            {
              "parameters": { "physical": { "bandwidthHz": 5e7 }, "generator": { "edgeCapacityMultiplier": 6, "areaSideM": 400 },
                              "admission": { "maxUsersPerServer": 6 } },
              "workload": { "marginAlpha": 1.5, "payloadMedianBytes": 500 },
              "servers": [ { "x": 100, "y": 100 }, { "x": 300, "y": 100 }, { "x": 200, "y": 300 } ]
            }
            """);
        var (exit, _, err) = await Cli.RunAsync(["simulate", "--users", "25", "--tau", "0.6,1.0", "--runs", "3", "--config", config, .. PaperPolicies,
            "--no-timing", "--quiet", "--out", dir]);
        Assert.True(exit == 0, err);
        Compare("simulate-config", "results.csv", File.ReadAllText(Path.Combine(dir, "results.csv")));
    }

    public static TheoryData<string, string[]> DecideCases => new()
    {
        { "decide-goa", ["--scenario", Example("epoch.json"), "--policy", "goa", "--tau", "0.6"] },
        { "decide-goa-reference", ["--scenario", Example("epoch.json"), "--policy", "goa", "--tau", "0.6", "--compat", "reference"] },
        { "decide-dmin", ["--scenario", Example("epoch.json"), "--policy", "dmin", "--tau", "0.6"] },
        { "decide-edge-all", ["--scenario", Example("epoch.json"), "--policy", "edge-all", "--tau", "0.6"] },
        { "decide-fading-goa", ["--scenario", Input("epoch-fading.json"), "--policy", "goa", "--tau", "0.7"] },
        { "decide-fading-random", ["--scenario", Input("epoch-fading.json"), "--policy", "random", "--tau", "0.5"] },
        { "decide-fading-entropy-direct", ["--scenario", Input("epoch-fading.json"), "--policy", "goa", "--tau", "0.5", "--signal", "entropy", "--engine", "direct"] },
        // README quotes these two: what seeing a busy server's backlog changes.
        { "decide-backlog-static", ["--scenario", Example("epoch-backlog.json"), "--policy", "goa", "--tau", "0.6"] },
        { "decide-backlog-aware", ["--scenario", Example("epoch-backlog.json"), "--policy", "goa", "--tau", "0.6", "--backlog-aware"] },
    };

    [Theory]
    [MemberData(nameof(DecideCases))]
    public async Task Decide_prints_the_checked_in_assignment_byte_for_byte(string name, string[] args)
    {
        var (exit, stdout, err) = await Cli.RunAsync(["decide", .. args]);
        Assert.True(exit == 0, err);
        Compare(name, "stdout.json", stdout);
    }

    [Fact]
    public async Task Analyze_json_on_a_small_synthetic_set_prints_the_checked_in_report_byte_for_byte()
    {
        var (exit, stdout, err) = await Cli.RunAsync(["analyze", "--synthetic", "400", "--bootstrap", "200", "--seed", "7", "--json", .. GoldenSignals, "--out", Cli.TempDir()]);
        Assert.True(exit == 0, err);
        Compare("analyze-synthetic", "stdout.json", stdout);
    }

    [Fact]
    public async Task Analyze_json_on_the_golden_trace_prints_the_checked_in_report_byte_for_byte()
    {
        var (exit, stdout, err) = await Cli.RunAsync(["analyze", "--trace", Input("trace.jsonl"), "--bootstrap", "200", "--json", .. GoldenSignals, "--out", Cli.TempDir()]);
        Assert.True(exit == 0, err);
        Compare("analyze-trace", "stdout.json", stdout);
    }

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static string Input(string file) => Path.Combine(Here(), "Golden", file);

    private static string Example(string file) => Path.GetFullPath(Path.Combine(Here(), "..", "..", "docs", "examples", file));

    private static void Compare(string name, string file, string actual)
    {
        string expectedPath = Path.Combine(Here(), "Golden", "expected", name, file);
        // Line endings are normalised so a checkout with CRLF conversion compares equal; every other byte counts.
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("EDGEMARGIN_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(expectedPath)!);
            File.WriteAllText(expectedPath, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"No golden file {expectedPath}; run with EDGEMARGIN_UPDATE_GOLDEN=1 to create it.");
        string expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == actual) return;
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        int line = 0;
        while (line < Math.Min(e.Length, a.Length) && e[line] == a[line]) line++;
        Assert.Fail($"{name}/{file} differs from the golden file at line {line + 1}:{Environment.NewLine}" +
            $"  expected: {(line < e.Length ? e[line] : "<end>")}{Environment.NewLine}  actual:   {(line < a.Length ? a[line] : "<end>")}{Environment.NewLine}" +
            "If the change is deliberate, regenerate with EDGEMARGIN_UPDATE_GOLDEN=1 in a commit of its own that says why.");
    }
}
