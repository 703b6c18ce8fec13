using CsCheck;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Optimal;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests.Offloading;

/// <summary>The exact optimum: equal to brute-force enumeration, never worse than GOA, refusing what it cannot search.</summary>
public class OptimalPolicyTests
{
    private static bool Close(double a, double b) => a == b || Math.Abs(a - b) <= 1e-9 * (Math.Abs(a) + Math.Abs(b));

    /// <summary>Every assignment with forced users offloaded (unservable ones local in default mode), scored directly.</summary>
    private static double BruteForce(Scenario s, double tau)
    {
        int n = s.UserCount, m = s.ServerCount;
        var forced = new bool[n];
        var unservable = new bool[n];
        for (int i = 0; i < n; i++)
        {
            forced[i] = s.Uncertainty[i] > tau;
            unservable[i] = forced[i] && s.Parameters.ExcludesInfeasiblePairs
                && Enumerable.Range(0, m).All(j => !double.IsFinite(DelayModel.Gap(s, i, j, 1, 0, true)));
        }
        var a = new int[n];
        double best = double.PositiveInfinity;
        void Go(int i)
        {
            if (i == n)
            {
                best = Math.Min(best, PaperObjective.Evaluate(s, a));
                return;
            }
            if (!forced[i] || unservable[i])
            {
                a[i] = Assignment.Local;
                Go(i + 1);
                if (unservable[i]) return;
            }
            for (int j = 0; j < m; j++)
            {
                a[i] = j;
                Go(i + 1);
            }
            a[i] = Assignment.Local;
        }
        Go(0);
        return best;
    }

    [Fact]
    public void Equals_brute_force_enumeration_on_tiny_epochs()
    {
        Gen.Select(Gen.Int[0, 7], Gen.Int[1, 3], Gen.Double[0, 1], Gen.ULong, Gen.Bool, Gen.Int[0, 3]).Sample((n, m, tau, seed, reference, cap) =>
        {
            var p = (reference ? SystemParameters.Reference : SystemParameters.Default) with { Admission = new() { MaxUsersPerServer = cap == 0 ? null : cap } };
            var s = RandomScenarios.Create(n, m, seed, tau, p);
            var a = new OptimalPolicy().Decide(s, new PolicyContext(tau));
            double brute = BruteForce(s, tau);
            double got = PaperObjective.Evaluate(s, a.ServerOfUser);
            string because = $"n={n} m={m} tau={tau} seed={seed} mode={p.Mode} cap={cap}";
            if (double.IsPositiveInfinity(brute))
            {
                // No assignment serving every servable forced user is finite (caps too tight, or in reference mode a
                // forced user with no live channel): the policy falls back to GOA's decision, unserved count included.
                var goa = new GoaPolicy().Decide(s, new PolicyContext(tau));
                Assert.True(goa.ServerOfUser.SequenceEqual(a.ServerOfUser), $"not GOA's fallback: {because}");
                Assert.Equal(goa.UnservedForced, a.UnservedForced);
                return;
            }
            Assert.True(Close(brute, got), $"optimal {got} != brute force {brute} ({because})");
            AssertForcedUsersServedOrCounted(s, tau, a);
        }, iter: 300);
    }

    /// <summary>Every forced user left local is counted in <see cref="Assignment.UnservedForced"/>, and only those.</summary>
    private static void AssertForcedUsersServedOrCounted(Scenario s, double tau, Assignment a)
    {
        int local = Enumerable.Range(0, s.UserCount).Count(i => s.Uncertainty[i] > tau && a[i] == Assignment.Local);
        Assert.Equal(local, a.UnservedForced);
        if (!s.Parameters.ExcludesInfeasiblePairs) Assert.Equal(0, local);
    }

    [Fact]
    public void With_a_cap_it_serves_the_forced_user_goa_strands_and_counts_no_one_unserved()
    {
        // Cap 1, two servers. Forced user 0 only reaches server 0 and gains little there; forced user 1 reaches both and
        // has the smaller gap on server 0, so GOA puts 1 on server 0 and strands 0 (unserved). Serving both (1 on
        // server 1, 0 on server 0) is feasible, so the optimum must do that, even though GOA's value, which leaves user
        // 0's positive term out, is lower.
        var p = SystemParameters.Default with { Admission = new() { MaxUsersPerServer = 1 } };
        var users = new[]
        {
            TestScenarios.User(0.9, payloadBytes: 3000, localS: 0.01, id: "stranded"),
            TestScenarios.User(0.9, payloadBytes: 100, localS: 0.5, id: "flexible"),
        };
        var servers = new[] { TestScenarios.Server(id: "es0"), TestScenarios.Server(id: "es1") };
        var s = TestScenarios.Build(p, users, servers, [1e-12, 0, 1e-9, 1e-10]);
        var goa = new GoaPolicy().Decide(s, new PolicyContext(0.6));
        Assert.Equal([Assignment.Local, 0], goa.ServerOfUser.ToArray());
        Assert.Equal(1, goa.UnservedForced);

        var a = new OptimalPolicy().Decide(s, new PolicyContext(0.6));
        Assert.Equal([0, 1], a.ServerOfUser.ToArray());
        Assert.Equal(0, a.UnservedForced);
        Assert.True(Close(BruteForce(s, 0.6), PaperObjective.Evaluate(s, a.ServerOfUser)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void When_the_cap_cannot_take_every_forced_user_it_returns_goas_decision_with_goas_unserved_count(bool reference)
    {
        var p = (reference ? SystemParameters.Reference : SystemParameters.Default) with { Admission = new() { MaxUsersPerServer = 1 } };
        var s = RandomScenarios.Create(5, 2, 9, 0.5, p, deadChannels: false);
        var users = s.Users.Select(u => u with { Uncertainty = 0.9 }).ToArray();
        s = Scenario.Create(p, users, s.Servers, s.ChannelGains);
        var goa = new GoaPolicy().Decide(s, new PolicyContext(0.6));
        Assert.Equal(3, goa.UnservedForced);
        var a = new OptimalPolicy().Decide(s, new PolicyContext(0.6));
        Assert.Equal(goa.ServerOfUser.ToArray(), a.ServerOfUser.ToArray());
        Assert.Equal(3, a.UnservedForced);
    }

    [Fact]
    public void Equals_brute_force_on_adversarial_epochs_with_ties_dead_users_and_caps()
    {
        Gen.ULong.Sample(seed =>
        {
            var s = AdversarialScenarios.Create(seed, out double tau);
            if (s.UserCount > 7 || s.ServerCount > 3) return;
            var a = new OptimalPolicy().Decide(s, new PolicyContext(tau));
            double brute = BruteForce(s, tau);
            string because = $"seed={seed} n={s.UserCount} m={s.ServerCount} tau={tau} mode={s.Parameters.Mode} cap={s.Parameters.Admission.MaxUsersPerServer}";
            if (double.IsPositiveInfinity(brute))
            {
                var goa = new GoaPolicy().Decide(s, new PolicyContext(tau));
                Assert.True(goa.ServerOfUser.SequenceEqual(a.ServerOfUser), $"not GOA's fallback: {because}");
                Assert.Equal(goa.UnservedForced, a.UnservedForced);
                return;
            }
            Assert.True(Close(brute, PaperObjective.Evaluate(s, a.ServerOfUser)), $"optimal != brute force {brute}: {because}");
            AssertForcedUsersServedOrCounted(s, tau, a);
        }, iter: 400);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Equals_brute_force_on_generated_epochs_of_nine_users(ulong seed)
    {
        // The bench's kind of epoch, large enough that the bound prunes most of the 4^9 leaves.
        var p = SystemParameters.Default;
        var s = ScenarioGenerator.Generate(p, ServerLayout.Grid(3, p.Generator.AreaSideM), 9, new EdgeMargin.Workloads.SyntheticWorkload(), EdgeMargin.Uncertainty.MarginSignal.Instance, seed);
        double brute = BruteForce(s, 0.6);
        double got = PaperObjective.Evaluate(s, new OptimalPolicy().Decide(s, new PolicyContext(0.6)).ServerOfUser);
        Assert.True(Close(brute, got), $"optimal {got} != brute force {brute}");
    }

    [Fact]
    public void Is_never_worse_than_goa()
    {
        Gen.Select(Gen.Int[1, 10], Gen.Int[1, 4], Gen.Double[0, 1], Gen.ULong).Sample((n, m, tau, seed) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau);
            var ctx = new PolicyContext(tau);
            double goa = PaperObjective.Evaluate(s, new GoaPolicy().Decide(s, ctx).ServerOfUser);
            double opt = PaperObjective.Evaluate(s, new OptimalPolicy().Decide(s, ctx).ServerOfUser);
            Assert.True(opt <= goa, $"optimal {opt} > goa {goa}");
        }, iter: 60);
    }

    [Fact]
    public void Refuses_large_epochs_with_a_clear_message()
    {
        var s = RandomScenarios.Create(17, 2, 1, 0.6);
        var ex = Assert.Throws<ProblemTooLargeException>(() => new OptimalPolicy().Decide(s, new PolicyContext(0.6)));
        Assert.Contains("N = 17", ex.Message);
        Assert.Contains("1.1e12 assignments", ex.Message);
        Assert.Contains("goa", ex.Message);
        Assert.IsAssignableFrom<ArgumentException>(ex);
        // Few users but many servers: the search-space limit refuses it too.
        var wide = RandomScenarios.Create(13, 9, 1, 0.6);
        Assert.Contains("M = 9", Assert.Throws<ProblemTooLargeException>(() => new OptimalPolicy().Decide(wide, new PolicyContext(0.6))).Message);
    }

    [Fact]
    public void Is_registered_but_is_not_a_paper_policy()
    {
        Assert.IsType<OptimalPolicy>(PolicyCatalog.All.Get("optimal"));
        Assert.DoesNotContain(PolicyCatalog.Paper, p => p is OptimalPolicy);
    }
}
