using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeMargin.Catalogs;
using EdgeMargin.Offloading;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Cli.Tests;

/// <summary>
/// Whatever the catalogs list, the command line accepts and documents, with nothing typed by hand: a policy, signal or
/// engine added to its catalog is held to these tests without a line of its own.
/// </summary>
public partial class CatalogCliTests
{
    // Two users with a next-token list each (so every next-token signal has something to read), one server.
    private const string Epoch = """
        {
          "servers": [ { "id": "es-a", "capacityFlops": 1.513e16 } ],
          "users": [
            { "id": "a", "topK": [ { "token": " Paris", "probability": 0.5 }, { "token": "London", "probability": 0.4 } ],
              "payloadBytes": 400, "localTimeS": 0.1, "channelGains": [1e-9] },
            { "id": "b", "topK": [ { "token": " 4", "probability": 0.9 }, { "token": " four", "probability": 0.05 } ],
              "payloadBytes": 300, "localTimeS": 0.2, "channelGains": [5e-10] }
          ]
        }
        """;

    public static TheoryData<string> Policies => [.. PolicyCatalog.All.Names];

    public static TheoryData<string> Signals => [.. SignalCatalog.All.Names];

    public static TheoryData<string> EngineNamesAndAliases => [.. GreedyEngineCatalog.All.Entries.SelectMany(e => e.Aliases.Prepend(e.Name))];

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task Every_policy_in_the_catalog_is_accepted_by_decide_and_simulate(string name)
    {
        var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", WriteEpoch(), "--policy", name);
        Assert.True(exit == 0, err);
        using (var doc = JsonDocument.Parse(output)) Assert.Equal(name, doc.RootElement.GetProperty("policy").GetString());

        string dir = Cli.TempDir();
        (exit, _, err) = await Cli.RunAsync("simulate", "--users", "6", "--tau", "0.6", "--runs", "1", "--policies", name.ToUpperInvariant(), "--quiet", "--no-timing", "--out", dir);
        Assert.True(exit == 0, err);
        Assert.Equal(name, File.ReadAllLines(Path.Combine(dir, "results.csv"))[1].Split(',')[2]);
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task Every_signal_in_the_catalog_is_accepted_by_simulate_and_analyze_and_by_decide_when_it_needs_only_the_next_token(string name)
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync("simulate", "--users", "6", "--tau", "0.6", "--runs", "1", "--policies", "goa", "--signal", name, "--quiet", "--no-timing", "--out", dir);
        Assert.True(exit == 0, err);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json"))))
            Assert.Equal(name, manifest.RootElement.GetProperty("signal").GetString());

        (exit, var output, err) = await Cli.RunAsync("analyze", "--synthetic", "60", "--bootstrap", "10", "--signals", name, "--json", "--out", Cli.TempDir());
        Assert.True(exit == 0, err);
        using (var doc = JsonDocument.Parse(output)) Assert.Equal(name, doc.RootElement[0].GetProperty("signal").GetString());

        (exit, _, err) = await Cli.RunAsync("decide", "--scenario", WriteEpoch(), "--signal", name);
        if (SignalCatalog.All.Get(name) is IUncertaintySignal) Assert.True(exit == 0, err);
        else
        {
            // A scenario file carries only next-token lists: such a signal is refused with the ones that would work.
            Assert.Equal(2, exit);
            Assert.Contains("--signal:", err);
            foreach (var s in SignalCatalog.NextToken) Assert.Contains(s.Name, err);
        }
    }

    [Theory]
    [MemberData(nameof(EngineNamesAndAliases))]
    public async Task Every_engine_name_and_alias_in_the_catalog_is_accepted(string name)
    {
        var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", WriteEpoch(), "--engine", name);
        Assert.True(exit == 0, err);
        var (_, reference, _) = await Cli.RunAsync("decide", "--scenario", WriteEpoch(), "--engine", "direct");
        Assert.Equal(reference, output);
        string dir = Cli.TempDir();
        (exit, _, err) = await Cli.RunAsync("simulate", "--users", "6", "--tau", "0.6", "--runs", "1", "--policies", "goa", "--engine", name, "--quiet", "--no-timing", "--out", dir);
        Assert.True(exit == 0, err);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal(GreedyEngineCatalog.All.Get(name).Name, manifest.RootElement.GetProperty("engine").GetString());
    }

    [Fact]
    public async Task Every_catalog_entry_appears_with_its_description_in_the_help_of_each_option_that_takes_it()
    {
        await AssertHelpLists("simulate", "--policies", PolicyCatalog.All.Entries);
        await AssertHelpLists("decide", "--policy", PolicyCatalog.All.Entries);
        await AssertHelpLists("simulate", "--signal", SignalCatalog.All.Entries);
        await AssertHelpLists("analyze", "--signals", SignalCatalog.All.Entries);
        await AssertHelpLists("decide", "--signal", SignalCatalog.All.Entries.Where(e => e.Item is IUncertaintySignal));
        await AssertHelpLists("simulate", "--engine", GreedyEngineCatalog.All.Entries);
        await AssertHelpLists("decide", "--engine", GreedyEngineCatalog.All.Entries);

        // decide cannot use a signal that needs more than the next token, so its help does not offer one.
        string decide = await Help("decide", "--signal");
        foreach (var e in SignalCatalog.All.Entries.Where(e => e.Item is not IUncertaintySignal)) Assert.DoesNotContain(e.Description, decide);
    }

    [Theory]
    [InlineData("simulate", "--policies", "goa,gao", "--policies: Unknown policy 'gao'. Valid policies: ")]
    [InlineData("simulate", "--signal", "vibes", "--signal: Unknown signal 'vibes'. Valid signals: ")]
    [InlineData("simulate", "--engine", "turbo", "--engine: Unknown engine 'turbo'. Valid engines: ")]
    [InlineData("analyze", "--signals", "margin,vibes", "--signals: Unknown signal 'vibes'. Valid signals: ")]
    [InlineData("decide", "--policy", "best", "--policy: Unknown policy 'best'. Valid policies: ")]
    [InlineData("decide", "--signal", "vibes", "--signal: Unknown signal 'vibes'. Valid signals: ")]
    [InlineData("decide", "--engine", "turbo", "--engine: Unknown engine 'turbo'. Valid engines: ")]
    public async Task An_unknown_name_exits_2_naming_the_flag_and_listing_every_entry_of_the_catalog(string command, string flag, string value, string expected)
    {
        string[] args = command switch
        {
            "decide" => ["decide", "--scenario", WriteEpoch(), flag, value],
            "analyze" => ["analyze", "--synthetic", "60", flag, value, "--out", Cli.TempDir()],
            _ => ["simulate", "--users", "6", "--runs", "1", "--quiet", flag, value, "--out", Cli.TempDir()],
        };
        var (exit, _, err) = await Cli.RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
        var catalog = flag switch
        {
            "--policies" or "--policy" => PolicyCatalog.All.Entries.Select(e => e.Label),
            "--engine" => GreedyEngineCatalog.All.Entries.Select(e => e.Label),
            _ => SignalCatalog.All.Entries.Select(e => e.Label),
        };
        Assert.Contains($"{expected}{string.Join(", ", catalog)}.", err);
    }

    [Fact]
    public async Task Several_unknown_names_and_other_problems_are_reported_together()
    {
        var (exit, _, err) = await Cli.RunAsync("simulate", "--users", "6", "--tau", "1.5", "--runs", "1", "--quiet", "--policies", "gao,goa,bogus", "--out", Cli.TempDir());
        Assert.Equal(2, exit);
        Assert.Contains("Unknown policy 'gao'", err);
        Assert.Contains("Unknown policy 'bogus'", err);
        Assert.Contains("--tau: every threshold must lie in [0, 1] (got 1.5).", err);
    }

    private static async Task AssertHelpLists<T>(string command, string option, IEnumerable<CatalogEntry<T>> entries) where T : class, INamed
    {
        string help = await Help(command, option);
        foreach (var e in entries) Assert.Contains(Squeeze($"{e.Label} {e.Description}"), help);
    }

    /// <summary>The help text of one option, from its flag to the next option's, with runs of spaces and line breaks squeezed to one space.</summary>
    private static async Task<string> Help(string command, string option)
    {
        var (exit, output, err) = await Cli.RunAsync(command, "--help");
        Assert.True(exit == 0, err);
        string text = Squeeze(output);
        int start = text.IndexOf($" {option} <", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{command} --help does not show {option}:\n{output}");
        int end = text.IndexOf(" --", start + option.Length + 2, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static string Squeeze(string s) => Spaces().Replace(s, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private static string WriteEpoch()
    {
        string path = Path.Combine(Cli.TempDir(), "epoch.json");
        File.WriteAllText(path, Epoch);
        return path;
    }
}
