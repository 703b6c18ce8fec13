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
            var p = (reference ? SystemParameters.Reference : SystemParameters.Default) with { MaxUsersPerServer = cap == 0 ? null : cap };
            var s = RandomScenarios.Create(n, m, seed, tau, p);
            var a = new OptimalPolicy().Decide(s, new PolicyContext(tau));
            double brute = BruteForce(s, tau);
            double got = PaperObjective.Evaluate(s, a.ServerOfUser);
            // Reference mode with an unservable forced user: every feasible assignment is infinite.
            if (double.IsPositiveInfinity(brute)) return;
            Assert.True(Close(brute, got), $"optimal {got} != brute force {brute} (n={n} m={m} tau={tau} seed={seed} mode={p.Mode} cap={cap})");
            for (int i = 0; i < n; i++)
                if (s.Uncertainty[i] > tau && a[i] == Assignment.Local)
                    Assert.True(s.Parameters.ExcludesInfeasiblePairs, $"forced user {i} left local in reference mode");
        }, iter: 150);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Equals_brute_force_on_generated_epochs_of_nine_users(ulong seed)
    {
        // The bench's kind of epoch, large enough that the bound prunes most of the 4^9 leaves.
        var p = SystemParameters.Default;
        var s = ScenarioGenerator.Generate(p, ServerLayout.Grid(3, p.AreaSideM), 9, new EdgeMargin.Workloads.SyntheticWorkload(), EdgeMargin.Uncertainty.MarginSignal.Instance, seed);
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
        Assert.Contains("goa", ex.Message);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Fact]
    public void Is_registered_but_is_not_a_paper_policy()
    {
        Assert.Equal("optimal", PolicyCatalog.Create("optimal").Name);
        Assert.DoesNotContain("optimal", PolicyCatalog.PaperPolicies);
    }
}
