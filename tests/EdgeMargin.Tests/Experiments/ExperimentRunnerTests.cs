using EdgeMargin.Experiments;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Optimal;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests.Experiments;

public class ExperimentRunnerTests
{
    private static SweepOptions Small => new()
    {
        Users = [20, 40],
        Taus = [0.6, 0.9],
        Runs = 6,
        Policies = PolicyCatalog.Paper,
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
    public void Rows_come_in_the_given_users_tau_policy_order_with_consistent_totals()
    {
        // Deliberately unsorted, and random before GOA, so the order checked is the order given, not a sorted one.
        var policies = PolicyCatalog.Paper.Reverse().ToArray();
        var options = Small with { Users = [40, 20], Taus = [0.9, 0.6], Policies = policies };
        var result = ExperimentRunner.Run(options);
        var expected = from n in options.Users from t in options.Taus from p in policies select (n, t, p.Name);
        Assert.Equal(expected, result.Rows.Select(r => (r.Users, r.Tau, r.Policy)));
        foreach (var r in result.Rows)
        {
            Assert.Equal(options.Runs, r.Runs);
            Assert.Equal(r.TotalDelayMs, r.LocalDelayMs + r.CommDelayMs + r.EdgeComputeMs, 6);
            Assert.Equal(r.TotalDelayMs / r.Users, r.MeanDelayMs, 9);
        }
        Assert.All(result.Rows.Where(r => r.Policy == "local-all"), r => Assert.Equal(0, r.Offloaded));
        Assert.All(result.Rows.Where(r => r.Policy == "edge-all"), r => Assert.Equal(r.Users, r.Offloaded));
        // random offloads exactly as many users as GOA on each epoch, hence the same mean.
        foreach (var g in result.Rows.GroupBy(r => (r.Users, r.Tau)))
            Assert.Equal(g.Single(r => r.Policy == "goa").Offloaded, g.Single(r => r.Policy == "random").Offloaded);
    }

    [Fact]
    public void A_policy_the_core_has_never_heard_of_runs_in_a_sweep_under_its_own_name()
    {
        var result = ExperimentRunner.Run(Small with { Policies = [new FirstServerPolicy(), GoaPolicy.Instance] });
        Assert.Equal(["first-server", "goa"], result.Rows.Select(r => r.Policy).Distinct());
        Assert.All(result.Rows.Where(r => r.Policy == "first-server"), r => Assert.Equal(r.Users, r.Offloaded));
    }

    [Fact]
    public void Random_after_goa_reuses_goa_s_decision_instead_of_deciding_goa_again()
    {
        var goa = new CountingPolicy(GoaPolicy.Instance);
        var random = new RandomPolicy(new SameCountAs(goa));
        var options = Small with { Policies = [goa, random], MaxDegreeOfParallelism = 1 };
        var result = ExperimentRunner.Run(options);
        int epochs = options.Users.Count * options.Runs * options.Taus.Count;
        Assert.Equal(epochs, goa.Calls);
        // Listed first, random has to decide GOA itself, and the runner then decides GOA for its own row.
        goa.Calls = 0;
        var reversed = ExperimentRunner.Run(options with { Policies = [random, goa] });
        Assert.Equal(2 * epochs, goa.Calls);
        Assert.Equal(result.Rows.Select(r => (r.Users, r.Tau, r.Policy, r.Offloaded, r.AccuracyPct)).Order(),
            reversed.Rows.Select(r => (r.Users, r.Tau, r.Policy, r.Offloaded, r.AccuracyPct)).Order());
    }

    [Fact]
    public void Random_without_goa_in_the_sweep_still_offloads_as_many_users_as_goa_would()
    {
        var alone = ExperimentRunner.Run(Small with { Policies = [new RandomPolicy()] });
        var withGoa = ExperimentRunner.Run(Small with { Policies = [GoaPolicy.Instance, new RandomPolicy()] });
        Assert.Equal(withGoa.Rows.Where(r => r.Policy == "random"), alone.Rows);
    }

    /// <summary>The paper's central claim, on the default synthetic workload at N = 100, tau = 0.6.</summary>
    [Fact]
    public void Goa_accuracy_lies_between_local_all_and_edge_all_and_its_delay_is_below_both()
    {
        var result = ExperimentRunner.Run(new SweepOptions { Users = [100], Taus = [0.6], Runs = 200, Policies = [GoaPolicy.Instance, new LocalAllPolicy(), new EdgeAllPolicy()], MeasureDecisionTime = false });
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
    public void Invalid_options_are_all_reported_at_once_by_field_name()
    {
        var options = Small with { Taus = [1.5], Runs = 0, Policies = [GoaPolicy.Instance, new GoaPolicy()], ServerPositions = [] };
        Assert.Equal(["Taus", "Runs", "ServerPositions", "Policies"], options.Problems().Select(p => p.Field));
        var ex = Assert.Throws<ArgumentException>(() => ExperimentRunner.Run(options));
        Assert.Contains("Taus: every threshold must lie in [0, 1] (got 1.5).", ex.Message);
        Assert.Contains("Runs must be at least 1 (got 0).", ex.Message);
        Assert.Contains("ServerPositions must hold at least one server", ex.Message);
        Assert.Contains("Policies: 'goa' is listed twice", ex.Message);
        // Flags are the CLI's words; the core speaks of its own fields.
        Assert.DoesNotContain("--", ex.Message);
    }

    [Fact]
    public void A_policy_that_refuses_the_sweep_s_largest_epoch_is_reported_before_anything_runs()
    {
        var problems = (Small with { Users = [8, 20], Policies = [new OptimalPolicy()] }).Problems();
        var problem = Assert.Single(problems);
        Assert.Equal("Policies", problem.Field);
        Assert.Contains("not N = 20 users on M = 4 servers", problem.Text);
        Assert.Empty((Small with { Users = [8], Policies = [new OptimalPolicy()] }).Problems());
    }

    [Fact]
    public void A_problem_can_be_told_in_the_front_end_s_words()
    {
        var problem = Assert.Single((Small with { Users = [0] }).Problems());
        Assert.Equal("Users: every user count must be at least 1 (got 0).", problem.ToString());
        Assert.Equal("--users: every user count must be at least 1 (got 0).", problem.Render("--users"));
    }

    /// <summary>A policy no catalog lists: everyone to server 0.</summary>
    private sealed class FirstServerPolicy : IOffloadingPolicy
    {
        public string Name => "first-server";

        public string Description => "every user to server 0";

        public Assignment Decide(Scenario scenario, PolicyContext context) => new(new int[scenario.UserCount]);
    }

    /// <summary>Counts how often it is asked to decide (the sweeps that use it run on one thread).</summary>
    private sealed class CountingPolicy(IOffloadingPolicy inner) : IOffloadingPolicy
    {
        public int Calls { get; set; }

        public string Name => "counted-" + inner.Name;

        public string Description => inner.Description;

        public Assignment Decide(Scenario scenario, PolicyContext context)
        {
            Calls++;
            return inner.Decide(scenario, context);
        }
    }
}
