using System.Globalization;
using System.Text.Json;

namespace EdgeMargin.Cli.Tests;

/// <summary>What a researcher needs of simulate's outputs: intervals, paired comparisons, raw runs, sweeps, clean folders.</summary>
public class SimulateResearchTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string[] Small(string dir, params string[] extra) =>
        ["simulate", "--users", "20,30", "--tau", "0.6", "--runs", "12", "--policies", "goa,dmin,edge-all", "--no-timing", "--quiet", "--out", dir, .. extra];

    private static List<Dictionary<string, string>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static double D(string s) => double.Parse(s, Inv);

    [Fact]
    public async Task Every_results_row_carries_a_standard_error_and_a_95_percent_interval_around_its_mean()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(["simulate", "--users", "20,30", "--tau", "0.6", "--runs", "12", "--policies", "goa,dmin,edge-all",
            "--no-timing", "--quiet", "--per-run", "--out", dir]);
        Assert.True(exit == 0, err);
        var rows = Csv(Path.Combine(dir, "results.csv"));
        var runs = Csv(Path.Combine(dir, "runs.csv"));
        Assert.Equal(6, rows.Count);
        Assert.Equal(6 * 12, runs.Count);
        foreach (var row in rows)
        {
            var mine = runs.Where(r => r["users"] == row["users"] && r["policy"] == row["policy"]).Select(r => D(r["total_delay_ms"])).ToArray();
            double mean = mine.Average(), sd = Math.Sqrt(mine.Sum(v => (v - mean) * (v - mean)) / (mine.Length - 1));
            double se = sd / Math.Sqrt(mine.Length), t = 2.200985160082949; // t(0.975, 11)
            Assert.Equal(D(row["total_delay_ms"]), mean, 4);
            Assert.Equal(se, D(row["total_delay_ms_se"]), 4);
            Assert.Equal(mean - t * se, D(row["total_delay_ms_ci95_low"]), 3);
            Assert.Equal(mean + t * se, D(row["total_delay_ms_ci95_high"]), 3);
            Assert.True(D(row["accuracy_pct_ci95_low"]) <= D(row["accuracy_pct"]) && D(row["accuracy_pct"]) <= D(row["accuracy_pct_ci95_high"]));
        }
    }

    [Fact]
    public async Task Paired_csv_gives_goa_minus_dmin_per_user_count_with_a_verdict_that_matches_its_interval()
    {
        string dir = Cli.TempDir();
        var (exit, _, err) = await Cli.RunAsync(Small(dir, "--compare", "goa:dmin"));
        Assert.True(exit == 0, err);
        var paired = Csv(Path.Combine(dir, "paired.csv")).Where(r => r["metric"] == "total_delay_ms").ToList();
        Assert.Equal(["20", "30"], paired.Select(r => r["users"]));
        var results = Csv(Path.Combine(dir, "results.csv"));
        foreach (var p in paired)
        {
            Assert.Equal(("goa", "dmin"), (p["a"], p["b"]));
            double goa = D(results.Single(r => r["users"] == p["users"] && r["policy"] == "goa")["total_delay_ms"]);
            double dmin = D(results.Single(r => r["users"] == p["users"] && r["policy"] == "dmin")["total_delay_ms"]);
            Assert.Equal(goa - dmin, D(p["mean_difference"]), 3);
            string expected = D(p["difference_ci95_high"]) < 0 ? "lower" : D(p["difference_ci95_low"]) > 0 ? "higher" : "unclear";
            Assert.Equal(expected, p["verdict"]);
        }
    }

    [Fact]
    public async Task An_unknown_compare_policy_is_refused_before_any_work()
    {
        var (exit, _, err) = await Cli.RunAsync(Small(Cli.TempDir(), "--compare", "goa:ga"));
        Assert.Equal(2, exit);
        Assert.Contains("'ga' is not among the policies run", err);
    }

    [Fact]
    public async Task Progress_goes_to_stderr_and_the_summary_to_stdout()
    {
        string dir = Cli.TempDir();
        var (exit, stdout, stderr) = await Cli.RunAsync(["simulate", "--users", "20", "--tau", "0.6", "--runs", "4", "--policies", "goa,dmin", "--out", dir]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("simulate: 100 %", stderr);
        Assert.Contains("wrote ", stderr);
        Assert.DoesNotContain("simulate: ", stdout);
        Assert.DoesNotContain("wrote ", stdout);
        Assert.Contains("accuracy % [95% CI]", stdout);
        Assert.Contains("goa - dmin, paired on the same epochs", stdout);
    }

    [Fact]
    public async Task Figures_are_written_as_png_svg_and_pdf()
    {
        string dir = Cli.TempDir();
        Assert.Equal(0, (await Cli.RunAsync(Small(dir))).Exit);
        foreach (string name in new[] { "accuracy_vs_users", "delay_vs_users", "decision_time_vs_users", "frontier" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(dir, name + ".png"));
            Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', name);
            string svg = File.ReadAllText(Path.Combine(dir, name + ".svg"));
            Assert.Contains("<svg", svg);
            byte[] pdf = File.ReadAllBytes(Path.Combine(dir, name + ".pdf"));
            Assert.True(pdf.Length > 500 && System.Text.Encoding.ASCII.GetString(pdf, 0, 5) == "%PDF-", name);
        }
    }

    [Fact]
    public async Task A_rerun_into_the_same_folder_removes_the_previous_runs_files_that_it_does_not_write_again()
    {
        string dir = Cli.TempDir();
        Assert.Equal(0, (await Cli.RunAsync(["simulate", "--users", "20", "--tau", "0.6,0.8", "--runs", "3", "--policies", "goa", "--no-timing", "--quiet", "--per-run", "--out", dir])).Exit);
        Assert.True(File.Exists(Path.Combine(dir, "accuracy_vs_users_tau0.8.png")) && File.Exists(Path.Combine(dir, "runs.csv")));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        Assert.Equal(0, (await Cli.RunAsync(["simulate", "--users", "20", "--tau", "0.6", "--runs", "3", "--policies", "goa", "--no-timing", "--quiet", "--out", dir])).Exit);
        Assert.False(File.Exists(Path.Combine(dir, "accuracy_vs_users_tau0.8.png")));
        Assert.False(File.Exists(Path.Combine(dir, "runs.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "accuracy_vs_users.png")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var files = manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()).ToArray();
        Assert.Contains("results.csv", files);
        Assert.DoesNotContain("notes.txt", files);
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(dir, f!)), f));
    }

    [Fact]
    public async Task A_folder_with_results_of_unknown_origin_is_refused_unless_forced()
    {
        string dir = Cli.TempDir();
        File.WriteAllText(Path.Combine(dir, "results.csv"), "someone else's");
        var (exit, _, err) = await Cli.RunAsync(Small(dir));
        Assert.Equal(2, exit);
        Assert.Contains("--force", err);
        Assert.Equal("someone else's", File.ReadAllText(Path.Combine(dir, "results.csv")));
        Assert.Equal(0, (await Cli.RunAsync(Small(dir, "--force"))).Exit);
        Assert.StartsWith("users,tau,policy", File.ReadAllText(Path.Combine(dir, "results.csv")));
    }

    [Fact]
    public async Task Run_json_records_the_version_and_commit_that_version_prints()
    {
        string dir = Cli.TempDir();
        Assert.Equal(0, (await Cli.RunAsync(Small(dir))).Exit);
        // In process, --version would print the test host's version; the tool prints its entry assembly's informational
        // version, which is EdgeMargin.Cli's (the installed-tool test compares with the real --version).
        string printed = typeof(CliHost).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal(printed.Trim(), manifest.RootElement.GetProperty("version").GetString());
        if (printed.Contains('+')) Assert.Equal(printed.Trim().Split('+')[1], manifest.RootElement.GetProperty("commit").GetString());
    }

    [Fact]
    public async Task The_ga_budget_is_an_option_and_changes_the_ga_alone()
    {
        string small = Cli.TempDir(), standard = Cli.TempDir();
        string[] args = ["simulate", "--users", "20", "--tau", "0.6", "--runs", "3", "--policies", "goa,ga", "--no-timing", "--quiet"];
        Assert.Equal(0, (await Cli.RunAsync([.. args, "--out", standard])).Exit);
        Assert.Equal(0, (await Cli.RunAsync([.. args, "--ga-population", "8", "--ga-generations", "2", "--out", small])).Exit);
        var a = Csv(Path.Combine(standard, "results.csv"));
        var b = Csv(Path.Combine(small, "results.csv"));
        Assert.Equal(a.Single(r => r["policy"] == "goa")["total_delay_ms"], b.Single(r => r["policy"] == "goa")["total_delay_ms"]);
        Assert.NotEqual(a.Single(r => r["policy"] == "ga")["total_delay_ms"], b.Single(r => r["policy"] == "ga")["total_delay_ms"]);
        var (exit, _, err) = await Cli.RunAsync([.. args, "--ga-population", "1", "--out", Cli.TempDir()]);
        Assert.Equal(2, exit);
        Assert.Contains("--ga-population must be at least 2", err);
    }
}
