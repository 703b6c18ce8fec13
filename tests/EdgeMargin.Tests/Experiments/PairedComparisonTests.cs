using EdgeMargin.Experiments;
using EdgeMargin.Offloading;

namespace EdgeMargin.Tests.Experiments;

public class PairedComparisonTests
{
    private static SweepResult Sweep() => ExperimentRunner.Run(new SweepOptions
    {
        Users = [30, 60], Taus = [0.6], Runs = 40, MeasureDecisionTime = false,
        Policies = [PolicyCatalog.All.Get("goa"), PolicyCatalog.All.Get("dmin"), PolicyCatalog.All.Get("local-all")],
    });

    [Fact]
    public void The_paired_mean_difference_equals_the_difference_of_the_cell_means()
    {
        var result = Sweep();
        var differences = PairedComparison.Compare(result, "goa", "dmin", o => o.TotalDelayMs);
        Assert.Equal(2, differences.Count);
        foreach (var d in differences)
        {
            var goa = result.Rows.Single(r => r.Users == d.Users && r.Policy == "goa");
            var dmin = result.Rows.Single(r => r.Users == d.Users && r.Policy == "dmin");
            Assert.Equal(goa.TotalDelayMs - dmin.TotalDelayMs, d.Difference.Mean, 6);
            Assert.Equal(40, d.Difference.Count);
        }
    }

    [Fact]
    public void Pairing_on_the_same_epochs_gives_a_narrower_interval_than_the_two_policies_own_intervals()
    {
        // Both policies see the same users, channels and queries per run, so most of the run-to-run spread cancels.
        var result = Sweep();
        var paired = PairedComparison.Compare(result, "goa", "dmin", o => o.TotalDelayMs)[0];
        int goa = result.Rows.ToList().FindIndex(r => r.Users == 30 && r.Policy == "goa");
        int dmin = result.Rows.ToList().FindIndex(r => r.Users == 30 && r.Policy == "dmin");
        var a = EdgeMargin.Analysis.MeanEstimate.Of(result.RunsOf(goa).ToArray().Select(o => o.TotalDelayMs).ToArray());
        var b = EdgeMargin.Analysis.MeanEstimate.Of(result.RunsOf(dmin).ToArray().Select(o => o.TotalDelayMs).ToArray());
        double unpairedHalfWidth = 1.96 * Math.Sqrt(a.StandardError * a.StandardError + b.StandardError * b.StandardError);
        Assert.True(paired.Difference.HalfWidth < unpairedHalfWidth, $"paired ±{paired.Difference.HalfWidth} vs unpaired ±{unpairedHalfWidth}");
    }

    [Fact]
    public void Per_run_outcomes_average_to_the_rows()
    {
        var result = Sweep();
        for (int k = 0; k < result.Rows.Count; k++)
        {
            var runs = result.RunsOf(k).ToArray();
            Assert.Equal(result.Rows[k].Policy, runs[0].Policy);
            Assert.Equal(result.Rows[k].AccuracyPct, runs.Average(o => o.AccuracyPct), 9);
            Assert.Equal(result.Rows[k].MeanDelayMs, runs.Average(o => o.MeanDelayMs), 9);
            Assert.Equal(Enumerable.Range(0, 40).Select(r => 42UL + (ulong)r), runs.Select(o => o.Seed));
        }
    }

    [Fact]
    public void A_policy_missing_from_the_sweep_is_refused_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => PairedComparison.Compare(Sweep(), "goa", "ga", o => o.TotalDelayMs));
        Assert.Contains("'ga'", ex.Message);
    }
}
