using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Scenarios;
using static EdgeMargin.Tests.TestScenarios;

namespace EdgeMargin.Tests.Offloading;

public class GoaTests
{
    [Fact]
    public void Forces_uncertain_users_offloads_beneficial_ones_and_keeps_the_rest_local()
    {
        var s = Build(SystemParameters.Default,
            [
                // A fast device (C_i = 1e15) makes the edge estimate 8 t_local C_i / C_max exceed t_local.
                User(0.9, capacity: 1e15), // u > tau: must go even though local is faster
                User(0.5),                 // reference device: offloading is faster, gap < 0
                User(0.5, capacity: 1e15), // local is faster: gap > 0
            ],
            [Server()], [1e-9, 1e-9, 1e-9]);
        var a = new GoaPolicy().Decide(s, new PolicyContext(0.6));
        Assert.Equal([0, 0, Assignment.Local], a.ServerOfUser.ToArray());
        Assert.Equal([0, 1], a.PlacementOrder.ToArray());
    }

    [Fact]
    public void Picks_the_server_with_the_smallest_gap()
    {
        var s = Build(SystemParameters.Default, [User(0.9)], [Server(), Server()], [1e-12, 1e-9]);
        Assert.Equal(1, new GoaPolicy().Decide(s, new PolicyContext(0.6))[0]);
    }

    [Fact]
    public void Ties_go_to_the_lowest_user_then_the_lowest_server()
    {
        var s = Build(SystemParameters.Default, [User(0.9), User(0.9)], [Server(), Server()], [1e-9, 1e-9, 1e-9, 1e-9]);
        var a = new GoaPolicy().Decide(s, new PolicyContext(0.6));
        Assert.Equal(0, a.PlacementOrder[0]);
        Assert.Equal(0, a[0]);
    }

    [Fact]
    public void Default_mode_leaves_an_unservable_forced_user_local_and_reports_it()
    {
        var s = Build(SystemParameters.Default, [User(0.9)], [Server()], [0]);
        var a = new GoaPolicy().Decide(s, new PolicyContext(0.6));
        Assert.Equal(Assignment.Local, a[0]);
        Assert.Equal(1, a.UnservedForced);
    }

    [Fact]
    public void Reference_mode_sends_an_unservable_forced_user_anyway_like_the_paper_code()
    {
        var s = Build(SystemParameters.Reference, [User(0.9)], [Server()], [0]);
        var a = new GoaPolicy().Decide(s, new PolicyContext(0.6));
        Assert.Equal(0, a[0]);
        Assert.Equal(double.PositiveInfinity, OutcomeEvaluator.Evaluate(s, a).TotalDelayS);
    }

    [Fact]
    public void A_server_cap_limits_how_many_users_one_server_takes()
    {
        var p = SystemParameters.Default with { Admission = new() { MaxUsersPerServer = 1 } };
        var s = Build(p, [User(0.9), User(0.9), User(0.9)], [Server(), Server()], [1e-9, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9]);
        var a = new GoaPolicy().Decide(s, new PolicyContext(0.6));
        Assert.Equal(2, a.OffloadedCount);
        Assert.Equal(1, a.UnservedForced);
    }

    [Fact]
    public void Tau_outside_unit_interval_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolicyContext(1.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolicyContext(double.NaN));
    }

    [Fact]
    public void Unknown_policy_names_list_the_known_ones()
    {
        var ex = Assert.Throws<EdgeMargin.Catalogs.UnknownNameException>(() => PolicyCatalog.All.Get("gao"));
        Assert.Contains("goa", ex.Message);
        Assert.Contains("dmin", ex.Message);
    }
}
