using System.Text.Json;

namespace EdgeMargin.Cli.Tests;

public class SimulateTargetTests
{
    private static string[] Small(string dir, params string[] extra) =>
        ["simulate", "--users", "20,30", "--runs", "4", "--calibration-runs", "6", "--out", dir, "--quiet", "--no-timing", "--policies", "goa,local-all", .. extra];

    [Fact]
    public async Task A_target_accuracy_chooses_tau_on_calibration_seeds_and_reports_the_held_out_result()
    {
        string dir = Cli.TempDir();
        var (exit, output, err) = await Cli.RunAsync(Small(dir, "--target-accuracy", "0.5"));
        Assert.True(exit == 0, err);
        Assert.Contains("chosen tau = ", output);
        Assert.Contains("held-out seeds 42..45", output);
        Assert.Contains("calibration seeds 46..51", output);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var selection = manifest.RootElement.GetProperty("tauSelection");
        Assert.Equal("accuracy", selection.GetProperty("target").GetString());
        double tau = selection.GetProperty("tau").GetDouble();
        Assert.True(selection.GetProperty("calibration").GetProperty("accuracy").GetDouble() >= 0.5);
        Assert.Equal(tau, manifest.RootElement.GetProperty("taus")[0].GetDouble());
        Assert.Equal(1 + 2 * 2, File.ReadAllLines(Path.Combine(dir, "results.csv")).Length);
    }

    [Fact]
    public async Task A_target_offload_rate_in_percent_is_met_on_the_calibration_seeds()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(Small(dir, "--target-offload-rate", "30"));
        Assert.True(exit == 0, err);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var selection = manifest.RootElement.GetProperty("tauSelection");
        Assert.Equal(0.3, selection.GetProperty("targetValue").GetDouble(), 12);
        Assert.InRange(selection.GetProperty("calibration").GetProperty("offloadRate").GetDouble(), 0.2, 0.3);
    }

    [Fact]
    public async Task A_delay_budget_picks_a_tau_by_simulating_goa_and_says_whether_held_out_seeds_met_it()
    {
        string dir = Cli.TempDir();
        var (exit, output, err) = await Cli.RunAsync(Small(dir, "--delay-budget-ms", "200"));
        Assert.True(exit == 0, err);
        Assert.Contains("mean delay <= 200 ms", output);
        // The verdict must match the held-out rows the sweep wrote.
        double worst = File.ReadAllLines(Path.Combine(dir, "results.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[2] == "goa").Max(c => double.Parse(c[6], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(worst <= 200 ? "(budget met)" : "(budget MISSED on held-out seeds)", output);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.True(manifest.RootElement.GetProperty("tauSelection").GetProperty("calibration").GetProperty("goaWorstMeanDelayMs").GetDouble() <= 200);
    }

    [Theory]
    [InlineData(new[] { "--target-accuracy", "0.5", "--tau", "0.6" }, "--tau and --target-accuracy are alternatives")]
    [InlineData(new[] { "--target-accuracy", "0.5", "--target-offload-rate", "0.2" }, "are alternatives: give one target")]
    [InlineData(new[] { "--target-accuracy", "0.999" }, "no tau reaches it")]
    [InlineData(new[] { "--target-offload-rate", "250" }, "must be a fraction in [0, 1] or a percentage")]
    [InlineData(new[] { "--delay-budget-ms", "0.001" }, "no tau in 0..1 keeps GOA's mean delay")]
    [InlineData(new[] { "--delay-budget-ms", "-4" }, "must be a finite number of milliseconds")]
    [InlineData(new[] { "--delay-budget-ms", "200", "--tau", "0.6,0.7,0.8,0.9,1.0" }, "--tau and --delay-budget-ms are alternatives")]
    [InlineData(new[] { "--target-offload-rate", "0.3", "--tau", "0.7" }, "--tau and --target-offload-rate are alternatives")]
    public async Task Conflicting_or_impossible_targets_exit_2_and_say_why(string[] extra, string expected)
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(Small(dir, extra));
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
        Assert.False(File.Exists(Path.Combine(dir, "results.csv")));
    }

    [Fact]
    public async Task A_calibration_too_large_for_one_array_exits_2_naming_the_flags_before_any_query_is_drawn()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync("simulate", "--users", "65536", "--runs", "2", "--calibration-runs", "65536",
            "--target-offload-rate", "0.3", "--out", dir, "--quiet", "--policies", "goa");
        Assert.Equal(2, exit);
        Assert.Contains("4294967296 queries", err);
        Assert.Contains("lower --runs, --calibration-runs or the largest --users", err);
        Assert.False(File.Exists(Path.Combine(dir, "results.csv")));
    }

    [Fact]
    public async Task Calibration_runs_without_a_target_exit_2_instead_of_being_ignored()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync("simulate", "--users", "20", "--runs", "2", "--calibration-runs", "5", "--out", dir, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("--calibration-runs only applies", err);
        Assert.False(File.Exists(Path.Combine(dir, "results.csv")));
    }
}
