using CsCheck;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;
using EdgeMargin.Offloading.Optimal;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;
using static EdgeMargin.Tests.TestScenarios;

namespace EdgeMargin.Tests.Offloading;

/// <summary>
/// Backlog-aware decisions: a server's jobs in service share its compute with the users placed now, and its wait is added to
/// their edge time. The engines must still agree exactly, a zero backlog must change no bit, the option must be off by
/// default, and evaluation must count the backlog whatever the decision saw.
/// </summary>
public class BacklogTests
{
    private static void AssertSame(Assignment expected, Assignment actual, string because)
    {
        Assert.True(expected.ServerOfUser.SequenceEqual(actual.ServerOfUser), $"servers differ: {because}");
        Assert.True(expected.PlacementOrder.SequenceEqual(actual.PlacementOrder), $"placement order differs: {because}");
        Assert.Equal(expected.UnservedForced, actual.UnservedForced);
    }

    private static void AssertEnginesAgree(Scenario s, CandidateRole[] roles, bool weighted, string because)
    {
        var direct = DirectGreedyEngine.Instance.Run(s, roles, weighted);
        AssertSame(direct, FastGreedyEngine.Bracketed.Run(s, roles, weighted), "bracket path, " + because);
        AssertSame(direct, FastGreedyEngine.ExactOnly.Run(s, roles, weighted), "exact-only path, " + because);
    }

    [Fact]
    public void Fast_equals_direct_with_random_backlogs_in_both_modes_with_caps_and_role_mixes()
    {
        Gen.Select(Gen.Int[0, 60], Gen.Int[1, 12], Gen.Double[0, 1], Gen.ULong, Gen.Bool, Gen.Int[0, 8]).Sample((n, m, tau, seed, reference, cap) =>
        {
            var p = (reference ? SystemParameters.Reference : SystemParameters.Default) with { Admission = new() { MaxUsersPerServer = cap == 0 ? null : cap } };
            var rng = new SeededRandom(seed ^ 0xBAC106);
            var s = RandomScenarios.Create(n, m, seed, tau, p).WithLoad(RandomLoads.Create(rng, m, same: rng.NextDouble() < 0.2));
            var mixed = Enumerable.Range(0, n).Select(_ => (CandidateRole)rng.NextInt(3)).ToArray();
            var goa = Enumerable.Range(0, n).Select(i => s.Uncertainty[i] > tau ? CandidateRole.Forced : CandidateRole.Optional).ToArray();
            foreach (bool weighted in new[] { true, false })
            {
                string because = $"n={n} m={m} tau={tau} seed={seed} mode={p.Mode} cap={cap} weighted={weighted} waits={s.HasWait}";
                AssertEnginesAgree(s, mixed, weighted, "mixed roles, " + because);
                AssertEnginesAgree(s, goa, weighted, "goa roles, " + because);
            }
        }, iter: 300);
    }

    [Fact]
    public void Fast_equals_direct_on_adversarial_epochs_with_backlogs_and_every_role_pattern()
    {
        Gen.ULong.Sample(seed =>
        {
            var rng = new SeededRandom(seed ^ 0xBAC107);
            var bare = AdversarialScenarios.Create(seed, out double tau);
            // Copies of one server stay copies when they share one load, so exact ties survive the backlog.
            var s = bare.WithLoad(RandomLoads.Create(rng, bare.ServerCount, same: rng.NextDouble() < 0.5));
            foreach (var (name, roles) in AdversarialScenarios.RolePatterns(s, tau, seed))
                foreach (bool weighted in new[] { true, false })
                    AssertEnginesAgree(s, roles, weighted, $"{name}, seed={seed} n={s.UserCount} m={s.ServerCount} mode={s.Parameters.Mode} weighted={weighted}");
        }, iter: 300);
    }

    [Fact]
    public void Replaying_backlog_aware_goa_every_step_was_the_smallest_gap_of_the_loaded_model()
    {
        Gen.Select(Gen.Int[1, 30], Gen.Int[1, 9], Gen.Double[0, 1], Gen.ULong).Sample((n, m, tau, seed) =>
        {
            var rng = new SeededRandom(seed ^ 0xBAC108);
            var s = RandomScenarios.Create(n, m, seed, tau).WithLoad(RandomLoads.Create(rng, m));
            var a = new GoaPolicy().Decide(s, new PolicyContext(tau) { BacklogAware = true });
            var placed = new bool[n];
            var counts = new int[m];
            var interference = new double[m];
            foreach (int user in a.PlacementOrder)
            {
                bool forced = s.Uncertainty[user] > tau;
                int server = a[user];
                double gap = DelayModel.Gap(s, user, server, counts[server] + 1, interference[server], weighted: true);
                // The gap by its definition under the load: comm + W_j + work / min(C_max, C_j / (n_j + 1 + b_j)) - local, weighted.
                double share = Math.Min(s.EdgeUserCapFlops, s.CapacityFlops[server] / (counts[server] + 1 + s.BacklogJobs[server]));
                double byDefinition = s.Uncertainty[user] * (DelayModel.CommS(s, user, server, counts[server] + 1, interference[server])
                    + s.WaitS[server] + s.EdgeWorkEstimate[user] / share - s.LocalDelayS[user]);
                Assert.True(Math.Abs(gap - byDefinition) <= 1e-12 * (1 + Math.Abs(gap)), $"gap {gap:R} is not the loaded model's {byDefinition:R}");
                if (!forced) Assert.True(gap < 0, $"user {user} offloaded with gap {gap} >= 0");
                for (int i = 0; i < n; i++)
                {
                    if (placed[i] || (s.Uncertainty[i] > tau) != forced) continue;
                    for (int j = 0; j < m; j++)
                        Assert.False(DelayModel.Gap(s, i, j, counts[j] + 1, interference[j], true) < gap, $"pair ({i},{j}) beat the chosen ({user},{server})");
                }
                placed[user] = true;
                counts[server]++;
                DelayModel.AddInterference(s, user, server, interference);
            }
        }, iter: 150);
    }

    [Fact]
    public void A_zero_backlog_changes_no_decision_no_gap_and_no_delay_by_a_single_bit()
    {
        Gen.Select(Gen.Int[0, 40], Gen.Int[1, 9], Gen.Double[0, 1], Gen.ULong, Gen.Bool).Sample((n, m, tau, seed, reference) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau, reference ? SystemParameters.Reference : SystemParameters.Default);
            // Idle written out, with -0.0 waits: still no backlog.
            var zero = s.WithLoad(Enumerable.Range(0, m).Select(j => new ServerLoad(0, j % 2 == 0 ? 0.0 : -0.0)).ToArray());
            Assert.False(zero.HasBacklog);
            Assert.Same(zero, zero.Idle);
            foreach (bool aware in new[] { false, true })
                foreach (string name in new[] { "goa", "edge-all", "dmin", "random" })
                {
                    var policy = PolicyCatalog.All.Get(name);
                    var expected = policy.Decide(s, new PolicyContext(tau, seed));
                    var actual = policy.Decide(zero, new PolicyContext(tau, seed) { BacklogAware = aware });
                    AssertSame(expected, actual, $"{name} aware={aware} seed={seed}");
                    var before = OutcomeEvaluator.Evaluate(s, expected);
                    var after = OutcomeEvaluator.Evaluate(zero, actual);
                    Assert.Equal(BitConverter.DoubleToInt64Bits(before.TotalDelayS), BitConverter.DoubleToInt64Bits(after.TotalDelayS));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(PaperObjective.Evaluate(s, expected.ServerOfUser)),
                        BitConverter.DoubleToInt64Bits(PaperObjective.Evaluate(zero, actual.ServerOfUser)));
                }
            var rng = new SeededRandom(seed);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                {
                    int users = 1 + rng.NextInt(20);
                    double interference = s.NoiseW[j] * rng.NextDouble() * 10;
                    Assert.Equal(BitConverter.DoubleToInt64Bits(DelayModel.Gap(s, i, j, users, interference, true)),
                        BitConverter.DoubleToInt64Bits(DelayModel.Gap(zero, i, j, users, interference, true)));
                }
        }, iter: 100);
    }

    /// <summary>Four servers (one group of four, the bracket path) on equal channels; server 0 computes fastest when idle.</summary>
    private static Scenario FourServers(params UserDemand[] users)
    {
        var servers = new[] { Server(1.2e15, id: "es0"), Server(1.0e15, id: "es1"), Server(0.8e15, id: "es2"), Server(0.6e15, id: "es3") };
        return Build(SystemParameters.Default, users, servers, Enumerable.Repeat(1e-9, users.Length * servers.Length).ToArray());
    }

    [Fact]
    public void Seeing_three_jobs_on_the_fastest_server_sends_a_forced_user_to_the_next_one_and_evaluation_counts_them_either_way()
    {
        var s = FourServers(User(0.9, payloadBytes: 400, localS: 0.1, llmS: 0.3));
        var busy = s.WithLoad([new ServerLoad(3, 0), ServerLoad.Idle, ServerLoad.Idle, ServerLoad.Idle]);
        var staticDecision = new GoaPolicy().Decide(busy, new PolicyContext(0.6));
        var aware = new GoaPolicy().Decide(busy, new PolicyContext(0.6) { BacklogAware = true });
        // Static: 8 x 0.1 s x 91.06e12 FLOP over 1.2e15 FLOP/s = 60.7 ms on es0, 72.8 ms on es1. Aware: es0 shares with 3 jobs,
        // 1.2e15 / 4 = 3e14 FLOP/s, 242.8 ms.
        Assert.Equal(0, staticDecision[0]);
        Assert.Equal(1, aware[0]);
        Assert.Equal(staticDecision, new GoaPolicy().Decide(s, new PolicyContext(0.6)));
        // Evaluation uses the measured 0.3 s on C_L hardware and the load, whatever the decision saw.
        Assert.Equal(0.3 * 91.06e12 / (1.2e15 / 4), OutcomeEvaluator.Evaluate(busy, staticDecision).Users[0].EdgeS, 1e-15);
        Assert.Equal(0.3 * 91.06e12 / 1.0e15, OutcomeEvaluator.Evaluate(busy, aware).Users[0].EdgeS, 1e-15);
        Assert.True(OutcomeEvaluator.Evaluate(busy, aware).TotalDelayS < OutcomeEvaluator.Evaluate(busy, staticDecision).TotalDelayS);
    }

    [Fact]
    public void A_wait_on_every_server_keeps_an_optional_user_local_only_when_the_decision_sees_it()
    {
        // u = 0.3 <= tau: offloaded only while its gap is negative. Idle: 0.3 (3.6 us + 60.7 ms - 100 ms) < 0. With 50 ms of
        // wait everywhere the best server gives 60.7 + 50 - 100 > 0, so the backlog-aware GOA keeps it local.
        var s = FourServers(User(0.3, payloadBytes: 400, localS: 0.1, llmS: 0.3));
        var waiting = s.WithLoad(Enumerable.Repeat(new ServerLoad(0, 0.05), 4).ToArray());
        var staticDecision = new GoaPolicy().Decide(waiting, new PolicyContext(0.6));
        var aware = new GoaPolicy().Decide(waiting, new PolicyContext(0.6) { BacklogAware = true });
        Assert.Equal(0, staticDecision[0]);
        Assert.Equal(Assignment.Local, aware[0]);
        Assert.Equal(0.05, OutcomeEvaluator.Evaluate(waiting, staticDecision).Users[0].WaitS);
        Assert.Equal(0.05, OutcomeEvaluator.Evaluate(waiting, staticDecision).WaitS);
        Assert.Equal(0.1, OutcomeEvaluator.Evaluate(waiting, aware).TotalDelayS);
        // Both engines, both fast paths, take the same view.
        var roles = new[] { CandidateRole.Optional };
        AssertEnginesAgree(waiting, roles, true, "one optional user, waits");
        Assert.Equal(0, DirectGreedyEngine.Instance.Run(waiting, roles, true).OffloadedCount);
    }

    [Fact]
    public void Backlog_awareness_is_off_by_default_so_decisions_are_the_papers_static_estimate()
    {
        Assert.False(new PolicyContext(0.5).BacklogAware);
        Gen.Select(Gen.Int[1, 30], Gen.Int[1, 6], Gen.Double[0, 1], Gen.ULong).Sample((n, m, tau, seed) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau);
            var loaded = s.WithLoad(RandomLoads.Create(new SeededRandom(seed), m));
            foreach (string name in new[] { "goa", "edge-all", "dmin", "random", "ga" })
            {
                var policy = PolicyCatalog.All.Get(name);
                AssertSame(policy.Decide(s, new PolicyContext(tau, seed)), policy.Decide(loaded, new PolicyContext(tau, seed)), $"{name} seed={seed}");
            }
        }, iter: 60);
    }

    [Fact]
    public void The_optimum_under_a_backlog_equals_brute_force_on_the_loaded_objective_and_is_never_worse_than_aware_goa()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 3], Gen.Double[0, 1], Gen.ULong).Sample((n, m, tau, seed) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau, deadChannels: false).WithLoad(RandomLoads.Create(new SeededRandom(seed ^ 3), m));
            var context = new PolicyContext(tau) { BacklogAware = true };
            var best = new OptimalPolicy().Decide(s, context);
            double got = PaperObjective.Evaluate(s, best.ServerOfUser);
            // Every assignment with the users above tau offloaded, scored on the loaded objective.
            double brute = double.PositiveInfinity;
            var a = new int[n];
            void Go(int i)
            {
                if (i == n)
                {
                    brute = Math.Min(brute, PaperObjective.Evaluate(s, a));
                    return;
                }
                for (int j = s.Uncertainty[i] > tau ? 0 : Assignment.Local; j < m; j++)
                {
                    a[i] = j;
                    Go(i + 1);
                }
            }
            Go(0);
            Assert.True(Math.Abs(got - brute) <= 1e-9 * (Math.Abs(got) + Math.Abs(brute)), $"optimal {got:R} != brute force {brute:R} (seed {seed})");
            double goa = PaperObjective.Evaluate(s, new GoaPolicy().Decide(s, context).ServerOfUser);
            Assert.True(got <= goa + 1e-12 * Math.Abs(goa), $"optimal {got:R} worse than aware GOA {goa:R}");
        }, iter: 150);
    }

    [Fact]
    public void Gaps_never_shrink_under_a_backlog_as_a_server_gains_users_or_interference()
    {
        Gen.Select(Gen.ULong, Gen.Int[1, 50], Gen.Double[0, 1e-6]).Sample((seed, n, i0) =>
        {
            var bare = AdversarialScenarios.Create(seed, out _);
            if (bare.UserCount == 0) return;
            var s = bare.WithLoad(RandomLoads.Create(new SeededRandom(seed), bare.ServerCount));
            int user = (int)(seed % (ulong)s.UserCount), server = (int)(seed / 7 % (ulong)s.ServerCount);
            double[] steps = [i0, Math.BitIncrement(i0), i0 * 1.5 + 1e-15, i0 * 10 + 1e-12];
            int[] counts = [n, n + 1, n + 7];
            foreach (bool weighted in new[] { true, false })
                for (int a = 0; a < counts.Length; a++)
                    for (int b = 0; b < steps.Length; b++)
                    {
                        double g = DelayModel.Gap(s, user, server, counts[a], steps[b], weighted);
                        Assert.False(double.IsNaN(g));
                        if (b > 0) Assert.True(g >= DelayModel.Gap(s, user, server, counts[a], steps[b - 1], weighted), $"gap shrank as interference grew: seed={seed}");
                        if (a > 0) Assert.True(g >= DelayModel.Gap(s, user, server, counts[a - 1], steps[b], weighted), $"gap shrank as users grew: seed={seed}");
                    }
        }, iter: 1000);
    }

    [Fact]
    public void A_load_snapshot_is_validated_and_every_problem_is_named()
    {
        var s = FourServers(User(0.5));
        var ex = Assert.Throws<ScenarioValidationException>(() => s.WithLoad([new ServerLoad(-1, 0), new ServerLoad(0, double.NaN),
            new ServerLoad(0, double.PositiveInfinity), new ServerLoad(ServerLoad.MaxJobsInService + 1, -0.5)]));
        Assert.Equal(5, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.StartsWith("servers[0].backlog.jobsInService", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("servers[1].backlog.waitS", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("servers[3].backlog.waitS", StringComparison.Ordinal));
        var wrongLength = Assert.Throws<ScenarioValidationException>(() => s.WithLoad([ServerLoad.Idle]));
        Assert.Contains("one per server (4)", wrongLength.Problems[0], StringComparison.Ordinal);
    }
}
