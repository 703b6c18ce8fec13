using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeMargin.Cli.Tests;

/// <summary>
/// One JSON casing across every output (README, "Output conventions"): camelCase keys, as the config files people
/// write, run.json, decide and the gateway already spelled them. CSV headers stay snake_case, the CSV habit.
/// </summary>
public partial class JsonCasingTests
{
    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();

    private static void AssertCamelCase(JsonElement e, string where, List<string> wrong)
    {
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject())
            {
                if (!CamelCase().IsMatch(p.Name)) wrong.Add($"{where}.{p.Name}");
                AssertCamelCase(p.Value, $"{where}.{p.Name}", wrong);
            }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray()) AssertCamelCase(item, where + "[]", wrong);
    }

    private static string Example([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "docs", "examples", "epoch.json"));

    [Fact]
    public async Task Every_json_output_uses_camel_case_keys()
    {
        string dir = Cli.TempDir();
        var outputs = new Dictionary<string, string>();
        var analyze = await Cli.RunAsync("analyze", "--synthetic", "200", "--bootstrap", "50", "--json", "--out", Cli.TempDir());
        outputs["analyze --json"] = analyze.Out;
        outputs["bench goa --json"] = (await Cli.RunAsync("bench", "goa", "--users", "30", "--servers", "2", "--runs", "1", "--json")).Out;
        outputs["bench gap --json"] = (await Cli.RunAsync("bench", "gap", "--users", "5", "--scenarios", "3", "--json")).Out;
        outputs["decide"] = (await Cli.RunAsync("decide", "--scenario", Example(), "--policy", "goa", "--tau", "0.6")).Out;
        Assert.Equal(0, (await Cli.RunAsync("simulate", "--users", "10", "--tau", "0.6", "--runs", "2", "--policies", "goa,dmin", "--quiet", "--out", dir)).Exit);
        outputs["run.json"] = File.ReadAllText(Path.Combine(dir, "run.json"));
        var wrong = new List<string>();
        foreach (var (name, text) in outputs)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{name} printed nothing");
            using var doc = JsonDocument.Parse(text);
            AssertCamelCase(doc.RootElement, name, wrong);
        }
        Assert.True(wrong.Count == 0, "keys not in camelCase: " + string.Join(", ", wrong));
    }
}
