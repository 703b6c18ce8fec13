using System.Text.Json;

namespace EdgeMargin.Cli.Tests;

public class SimulateSignalTests
{
    internal static string[] Small(string dir, params string[] extra) =>
        ["simulate", "--users", "20", "--tau", "0.6,0.8", "--runs", "3", "--out", dir, "--quiet", "--no-timing", "--policies", "goa,local-all", .. extra];

    [Fact]
    public async Task The_signal_is_chosen_by_name_recorded_in_run_json_and_changes_the_decisions()
    {
        string a = Cli.TempDir(), b = Cli.TempDir();
        Assert.Equal(0, (await Cli.RunAsync(Small(a))).Exit);
        var (exit, _, err) = await Cli.RunAsync(Small(b, "--signal", "entropy"));
        Assert.True(exit == 0, err);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(b, "run.json")));
        Assert.Equal("entropy", manifest.RootElement.GetProperty("signal").GetString());
        using var margin = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "run.json")));
        Assert.Equal("margin", margin.RootElement.GetProperty("signal").GetString());
        Assert.NotEqual(File.ReadAllText(Path.Combine(a, "results.csv")), File.ReadAllText(Path.Combine(b, "results.csv")));
    }

    [Fact]
    public async Task The_sequence_level_signal_runs_on_the_synthetic_workload()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(Small(dir, "--signal", "mean-logprob"));
        Assert.True(exit == 0, err);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal("mean-logprob", manifest.RootElement.GetProperty("signal").GetString());
    }

    [Fact]
    public async Task An_unknown_signal_exits_2_and_lists_the_valid_names()
    {
        var (exit, _, err) = await Cli.RunAsync(Small(Cli.TempDir(), "--signal", "vibes"));
        Assert.Equal(2, exit);
        Assert.Contains("Unknown signal 'vibes'", err);
        Assert.Contains(string.Join(", ", EdgeMargin.Uncertainty.SignalCatalog.All.Names), err);
    }
}

public class SimulateFrontierTests
{
    [Fact]
    public async Task Simulate_writes_the_frontier_plot_and_one_score_per_user_count_and_policy()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(SimulateSignalTests.Small(dir));
        Assert.True(exit == 0, err);
        string[] lines = File.ReadAllLines(Path.Combine(dir, "frontier.csv"));
        Assert.Equal("users,policy,frontier_score,delay_low_ms,delay_high_ms,points", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("20,goa,", lines[1]);
        // The scores are the documented area under the step frontier of the rows results.csv holds.
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var rows = File.ReadAllLines(Path.Combine(dir, "results.csv")).Skip(1).Select(l => l.Split(','))
            .Select(c => new EdgeMargin.Experiments.SweepRow(int.Parse(c[0], inv), double.Parse(c[1], inv), c[2], int.Parse(c[3], inv),
                double.Parse(c[4], inv), double.Parse(c[5], inv), double.Parse(c[6], inv), 0, 0, 0, double.Parse(c[10], inv), 0))
            .ToArray();
        var expected = EdgeMargin.Experiments.AccuracyDelayFrontier.Scores(rows);
        // results.csv keeps 10 significant digits, so the recomputed score may differ in the last ones.
        Assert.Equal(expected.Select(e => $"{e.Users},{e.Policy}"), lines.Skip(1).Select(l => string.Join(',', l.Split(',').Take(2))));
        foreach (var (e, line) in expected.Zip(lines.Skip(1)))
            Assert.Equal(e.Score, double.Parse(line.Split(',')[2], inv), 8);
        Assert.Equal(0.0, expected.Single(e => e.Policy == "local-all").Score);
        Assert.InRange(expected.Single(e => e.Policy == "goa").Score, 0.01, 1);
        byte[] png = File.ReadAllBytes(Path.Combine(dir, "frontier.png"));
        Assert.True(png.Length > 1000 && png[1] == 'P');
    }

    [Fact]
    public void A_user_count_whose_every_row_is_undefined_plots_without_a_score_instead_of_crashing()
    {
        string dir = Cli.TempDir();
        var options = new EdgeMargin.Experiments.SweepOptions { Users = [100], Taus = [0.6], Policies = [new EdgeMargin.Offloading.Policies.EdgeAllPolicy()] };
        var row = new EdgeMargin.Experiments.SweepRow(100, 0.6, "edge-all", 1, 50, double.PositiveInfinity, double.PositiveInfinity, 0, 0, 0, 100, 0);
        var scores = Output.FrontierOutput.Write(dir, new EdgeMargin.Experiments.SweepResult(options, [row], 0));
        Assert.Empty(scores);
        Assert.Equal(Output.FrontierOutput.Header, File.ReadAllText(Path.Combine(dir, "frontier.csv")).Trim());
        Assert.True(File.Exists(Path.Combine(dir, "frontier.png")));
    }
}
