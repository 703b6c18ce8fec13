using EdgeMargin.Experiments;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests.Experiments;

public class ExperimentRunnerTests
{
    private static SweepOptions Small => new()
    {
        Users = [20, 40],
        Taus = [0.6, 0.9],
        Runs = 6,
        Policies = ["goa", "local-all", "edge-all", "random", "dmin", "ga"],
        MeasureDecisionTime = false,
    };

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        var one = ExperimentRunner.Run(Small with { MaxDegreeOfParallelism = 1 });
        var two = ExperimentRunner.Run(Small with { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Rows, two.Rows);
    }

    [Fact]
    public void A_different_seed_gives_different_epochs()
    {
        var a = ExperimentRunner.Run(Small);
        var b = ExperimentRunner.Run(Small with { Seed = 1000 });
        Assert.NotEqual(a.Rows, b.Rows);
    }

    [Fact]
    public void Rows_come_in_users_tau_policy_order_with_consistent_totals()
    {
        var result = ExperimentRunner.Run(Small);
        Assert.Equal(2 * 2 * 6, result.Rows.Count);
        foreach (var r in result.Rows)
        {
            Assert.Equal(r.TotalDelayMs, r.LocalDelayMs + r.CommDelayMs + r.EdgeComputeMs, 6);
            Assert.Equal(r.TotalDelayMs / r.Users, r.MeanDelayMs, 9);
        }
        Assert.All(result.Rows.Where(r => r.Policy == "local-all"), r => Assert.Equal(0, r.Offloaded));
        Assert.All(result.Rows.Where(r => r.Policy == "edge-all"), r => Assert.Equal(r.Users, r.Offloaded));
        // random offloads exactly as many users as GOA on each epoch, hence the same mean.
        foreach (var g in result.Rows.GroupBy(r => (r.Users, r.Tau)))
            Assert.Equal(g.Single(r => r.Policy == "goa").Offloaded, g.Single(r => r.Policy == "random").Offloaded);
    }

    /// <summary>The paper's central claim, on the default synthetic workload at N = 100, tau = 0.6.</summary>
    [Fact]
    public void Goa_accuracy_lies_between_local_all_and_edge_all_and_its_delay_is_below_both()
    {
        var result = ExperimentRunner.Run(new SweepOptions { Users = [100], Taus = [0.6], Runs = 200, Policies = ["goa", "local-all", "edge-all"], MeasureDecisionTime = false });
        var goa = result.Rows.Single(r => r.Policy == "goa");
        var local = result.Rows.Single(r => r.Policy == "local-all");
        var edge = result.Rows.Single(r => r.Policy == "edge-all");
        Assert.InRange(goa.AccuracyPct, local.AccuracyPct, edge.AccuracyPct);
        Assert.True(goa.TotalDelayMs < local.TotalDelayMs, $"GOA {goa.TotalDelayMs} ms vs local-all {local.TotalDelayMs} ms");
        Assert.True(goa.TotalDelayMs < edge.TotalDelayMs, $"GOA {goa.TotalDelayMs} ms vs edge-all {edge.TotalDelayMs} ms");
    }

    [Fact]
    public void Reference_mode_makes_uplink_time_eight_times_smaller_for_the_same_assignment()
    {
        var workload = new EdgeMargin.Workloads.SyntheticWorkload();
        var positions = ServerLayout.Grid(4, 500);
        var fixedEpoch = ScenarioGenerator.Generate(SystemParameters.Default, positions, 30, workload, EdgeMargin.Uncertainty.MarginSignal.Instance, 5);
        var refEpoch = ScenarioGenerator.Generate(SystemParameters.Reference, positions, 30, workload, EdgeMargin.Uncertainty.MarginSignal.Instance, 5);
        var everyoneOnTheirIndexModFour = new EdgeMargin.Offloading.Assignment(Enumerable.Range(0, 30).Select(i => i % 4).ToArray());
        var a = EdgeMargin.Offloading.OutcomeEvaluator.Evaluate(fixedEpoch, everyoneOnTheirIndexModFour);
        var b = EdgeMargin.Offloading.OutcomeEvaluator.Evaluate(refEpoch, everyoneOnTheirIndexModFour);
        Assert.Equal(a.CommS / 8, b.CommS, 12);
        Assert.Equal(a.EdgeS, b.EdgeS, 12);
    }

    [Fact]
    public void Invalid_options_are_all_reported_at_once()
    {
        var ex = Assert.Throws<ArgumentException>(() => ExperimentRunner.Run(Small with { Taus = [1.5], Runs = 0, Policies = ["nope"], ServerPositions = [] }));
        Assert.Contains("--tau", ex.Message);
        Assert.Contains("--runs", ex.Message);
        Assert.Contains("Unknown policy 'nope'", ex.Message);
        Assert.Contains("--servers", ex.Message);
    }
}
