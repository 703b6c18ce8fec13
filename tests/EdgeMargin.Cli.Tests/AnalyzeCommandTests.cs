using System.Text.Json;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Cli.Tests;

public class AnalyzeCommandTests
{
    private static string[] Small(string dir, params string[] extra) => ["analyze", "--synthetic", "400", "--bootstrap", "100", "--out", dir, .. extra];

    [Fact]
    public async Task Prints_a_table_of_every_signal_and_writes_both_plots()
    {
        string dir = Cli.TempDir();
        var (exit, output, err) = await Cli.RunAsync(Small(dir));
        Assert.True(exit == 0, err);
        foreach (string s in SignalCatalog.All.Names.Concat(["AUROC", "isotonic", "SYNTHETIC"]))
            Assert.Contains(s, output);
        foreach (string png in new[] { "reliability.png", "accuracy_vs_offload_rate.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(dir, png));
            Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png);
        }
    }

    [Fact]
    public async Task Json_is_one_array_with_an_object_per_signal_and_is_deterministic()
    {
        var (exit, a, err) = await Cli.RunAsync(Small(Cli.TempDir(), "--json", "--seed", "7"));
        Assert.True(exit == 0, err);
        var (_, b, _) = await Cli.RunAsync(Small(Cli.TempDir(), "--json", "--seed", "7"));
        Assert.Equal(a, b);
        using var doc = JsonDocument.Parse(a);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(SignalCatalog.All.Names, doc.RootElement.EnumerateArray().Select(o => o.GetProperty("signal").GetString()));
        foreach (var o in doc.RootElement.EnumerateArray())
            foreach (string key in new[] { "signal", "auroc", "auprc", "prr", "ece" })
                Assert.True(o.TryGetProperty(key, out _), key);
        var margin = doc.RootElement[0];
        Assert.Equal("margin", margin.GetProperty("signal").GetString());
        double auroc = margin.GetProperty("auroc").GetDouble();
        Assert.InRange(auroc, margin.GetProperty("aurocCiLow").GetDouble(), margin.GetProperty("aurocCiHigh").GetDouble());
        Assert.Equal(JsonValueKind.Null, margin.GetProperty("aurocDeltaVsReference").ValueKind);
        Assert.Equal("margin", doc.RootElement[1].GetProperty("reference").GetString());
        var (_, other, _) = await Cli.RunAsync(Small(Cli.TempDir(), "--json", "--seed", "8"));
        Assert.NotEqual(a, other);
    }

    [Fact]
    public async Task Json_objects_carry_exactly_the_documented_keys()
    {
        var (exit, output, err) = await Cli.RunAsync(Small(Cli.TempDir(), "--json", "--signals", "margin"));
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        string[] documented = ["signal", "auroc", "aurocCiLow", "aurocCiHigh", "aurocDeltaVsReference", "aurocDeltaCiLow",
            "aurocDeltaCiHigh", "reference", "auprc", "prr", "ece", "eceRaw", "slmErrorRate", "queries", "source", "synthetic", "unavailable"];
        Assert.Equal(documented.Order(), doc.RootElement[0].EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void Undefined_metrics_are_json_null_never_nan()
    {
        var reports = new EdgeMargin.Analysis.SignalReport[]
        {
            new() { Signal = "margin", Queries = 3, SlmErrorRate = 0, Auroc = new(double.NaN, double.NaN, double.NaN, 0), Ece = 0.1, EceRaw = double.PositiveInfinity },
            new() { Signal = "mean-logprob", Queries = 3, Unavailable = "no log-probs" },
        };
        var array = Commands.AnalyzeCommand.Json(reports, "synthetic", true);
        using var doc = JsonDocument.Parse(array.ToJsonString());
        foreach (string key in new[] { "auroc", "aurocCiLow", "auprc", "prr", "eceRaw" })
            Assert.Equal(JsonValueKind.Null, doc.RootElement[0].GetProperty(key).ValueKind);
        Assert.Equal(0.1, doc.RootElement[0].GetProperty("ece").GetDouble());
        Assert.Equal(0.0, doc.RootElement[0].GetProperty("slmErrorRate").GetDouble());
        Assert.Equal("no log-probs", doc.RootElement[1].GetProperty("unavailable").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement[1].GetProperty("ece").ValueKind);
    }

    [Fact]
    public async Task A_subset_of_signals_can_be_chosen()
    {
        var (exit, output, err) = await Cli.RunAsync(Small(Cli.TempDir(), "--json", "--signals", "entropy,margin"));
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(["entropy", "margin"], doc.RootElement.EnumerateArray().Select(o => o.GetProperty("signal").GetString()));
    }

    [Theory]
    [InlineData(new[] { "analyze", "--trace", "no-such-trace.jsonl" }, "does not exist")]
    [InlineData(new[] { "analyze", "--trace", "t.jsonl", "--synthetic", "10" }, "alternatives")]
    [InlineData(new[] { "analyze", "--synthetic", "1" }, "at least 2")]
    [InlineData(new[] { "analyze", "--synthetic", "50", "--bins", "0" }, "--bins")]
    [InlineData(new[] { "analyze", "--synthetic", "50", "--signals", "margin,vibes" }, "Valid signals: margin, max-prob, entropy, log-ratio, mean-logprob")]
    [InlineData(new[] { "analyze", "--synthetic", "50", "--bins", "-3" }, "--bins must be between 1 and 1000")]
    [InlineData(new[] { "analyze", "--synthetic", "50", "--bins", "2147483647" }, "--bins must be between 1 and 1000")]
    [InlineData(new[] { "analyze", "--synthetic", "50", "--bootstrap", "2147483647" }, "--bootstrap must be between 1 and 100000")]
    [InlineData(new[] { "analyze", "--synthetic", "0" }, "at least 2")]
    [InlineData(new[] { "analyze", "--trace", "t.jsonl", "--config", "c.json" }, "--trace replaces")]
    public async Task Bad_input_exits_2_with_a_one_line_reason(string[] args, string expected)
    {
        var (exit, _, err) = await Cli.RunAsync([.. args, "--out", Cli.TempDir()]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
    }
}
