using CsCheck;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Tests.Offloading;

/// <summary>The fast engine must return exactly what the direct engine returns: servers, placement order, unserved count.</summary>
public class FastGreedyEngineTests
{
    private static void AssertSame(Assignment direct, Assignment fast, string because)
    {
        Assert.True(direct.ServerOfUser.SequenceEqual(fast.ServerOfUser), $"servers differ: {because}");
        Assert.True(direct.PlacementOrder.SequenceEqual(fast.PlacementOrder), $"placement order differs: {because}");
        Assert.Equal(direct.UnservedForced, fast.UnservedForced);
    }

    /// <summary>Both paths of the fast engine (brackets, and exact gaps only) against the direct engine; the default
    /// instance is one of the two, depending on the machine.</summary>
    private static void AssertEnginesAgree(Scenario s, CandidateRole[] roles, bool weighted, string because)
    {
        var direct = DirectGreedyEngine.Instance.Run(s, roles, weighted);
        AssertSame(direct, FastGreedyEngine.Bracketed.Run(s, roles, weighted), "bracket path, " + because);
        AssertSame(direct, FastGreedyEngine.ExactOnly.Run(s, roles, weighted), "exact-only path, " + because);
    }

    private static readonly Gen<(int N, int M, double Tau, ulong Seed, int Mode, int Cap)> Cases =
        Gen.Select(Gen.Int[0, 60], Gen.Int[1, 8], Gen.Double[0, 1], Gen.ULong, Gen.Int[0, 1], Gen.Int[0, 12]);

    [Fact]
    public void Fast_equals_direct_on_random_epochs_both_modes_weighted_and_not_with_role_mixes_and_caps()
    {
        Cases.Sample((n, m, tau, seed, mode, cap) =>
        {
            var p = (mode == 0 ? SystemParameters.Default : SystemParameters.Reference) with { Admission = new() { MaxUsersPerServer = cap == 0 ? null : cap } };
            var s = RandomScenarios.Create(n, m, seed, tau, p);
            var rng = new EdgeMargin.Sampling.SeededRandom(seed ^ 0xF00D);
            var mixed = new CandidateRole[n];
            for (int i = 0; i < n; i++) mixed[i] = (CandidateRole)(int)(rng.NextDouble() * 3);
            var goaRoles = new CandidateRole[n];
            for (int i = 0; i < n; i++) goaRoles[i] = s.Uncertainty[i] > tau ? CandidateRole.Forced : CandidateRole.Optional;
            foreach (bool weighted in new[] { true, false })
            {
                string because = $"n={n} m={m} tau={tau} seed={seed} mode={p.Mode} cap={cap} weighted={weighted}";
                AssertEnginesAgree(s, mixed, weighted, "mixed roles, " + because);
                AssertEnginesAgree(s, goaRoles, weighted, "goa roles, " + because);
            }
        }, iter: 400);
    }

    [Fact]
    public void Fast_equals_direct_on_adversarial_epochs_ties_dead_users_in_both_modes_caps_and_every_role_pattern()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("EM_ADVERSARIAL_ITER"), out int k) ? k : 600;
        Gen.ULong.Sample(seed =>
        {
            var s = AdversarialScenarios.Create(seed, out double tau);
            foreach (var (name, roles) in AdversarialScenarios.RolePatterns(s, tau, seed))
                foreach (bool weighted in new[] { true, false })
                    AssertEnginesAgree(s, roles, weighted,
                        $"{name}, seed={seed} n={s.UserCount} m={s.ServerCount} mode={s.Parameters.Mode} cap={s.Parameters.Admission.MaxUsersPerServer} weighted={weighted}");
        }, iter: iterations);
    }

    [Fact]
    public void Fast_equals_direct_on_generated_epochs_and_every_greedy_policy_decides_the_same()
    {
        Gen.Select(Gen.Int[1, 60], Gen.Int[1, 8], Gen.Double[0, 1], Gen.ULong[0, 1_000_000], Gen.Bool).Sample((n, m, tau, seed, reference) =>
        {
            var p = reference ? SystemParameters.Reference : SystemParameters.Default;
            var s = ScenarioGenerator.Generate(p, ServerLayout.Grid(m, p.Generator.AreaSideM), n, new SyntheticWorkload(), new MarginSignal(), seed);
            var direct = new PolicyContext(tau, seed) { Engine = DirectGreedyEngine.Instance };
            var fast = direct with { Engine = FastGreedyEngine.Instance };
            foreach (string name in new[] { "goa", "edge-all", "dmin", "random" })
            {
                var policy = PolicyCatalog.All.Get(name);
                AssertSame(policy.Decide(s, direct), policy.Decide(s, fast), $"{name} n={n} m={m} tau={tau} seed={seed} mode={p.Mode}");
            }
        }, iter: 150);
    }

    [Fact]
    public void Fast_equals_direct_at_a_few_hundred_users()
    {
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            var p = SystemParameters.Default;
            var s = ScenarioGenerator.Generate(p, ServerLayout.Grid(8, p.Generator.AreaSideM), 300, new SyntheticWorkload(), new MarginSignal(), seed);
            var roles = s.Uncertainty.ToArray().Select(u => u > 0.6 ? CandidateRole.Forced : CandidateRole.Optional).ToArray();
            AssertEnginesAgree(s, roles, true, $"seed {seed}");
            AssertEnginesAgree(s, roles, false, $"seed {seed}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Identical_users_on_identical_servers_tie_everywhere_and_ties_go_to_lowest_user_then_server(bool reference)
    {
        var p = reference ? SystemParameters.Reference : SystemParameters.Default;
        // Five servers: one group of four for the bracket path and one left over for its exact tail; ties defeat brackets.
        const int n = 9, m = 5;
        var users = Enumerable.Range(0, n).Select(i => TestScenarios.User(i % 2 == 0 ? 0.9 : 0.3, id: $"u{i}")).ToArray();
        var servers = Enumerable.Range(0, m).Select(j => TestScenarios.Server(id: $"es{j}")).ToArray();
        var s = TestScenarios.Build(p, users, servers, Enumerable.Repeat(1e-9, n * m).ToArray());
        foreach (bool weighted in new[] { true, false })
        {
            var roles = users.Select(u => u.Uncertainty > 0.6 ? CandidateRole.Forced : CandidateRole.Optional).ToArray();
            AssertEnginesAgree(s, roles, weighted, "goa roles");
            AssertEnginesAgree(s, Enumerable.Repeat(CandidateRole.Forced, n).ToArray(), weighted, "all forced");
        }
        // All equal: the first placement is user 0 on server 0.
        var a = FastGreedyEngine.Instance.Run(s, Enumerable.Repeat(CandidateRole.Forced, n).ToArray(), true);
        Assert.Equal(0, a.PlacementOrder[0]);
        Assert.Equal(0, a[0]);
    }

    [Fact]
    public void Zero_uncertainty_makes_every_weighted_gap_zero_and_both_engines_stop_alike()
    {
        const int n = 6, m = 4;
        var users = Enumerable.Range(0, n).Select(i => TestScenarios.User(i < 3 ? 0 : 1, payloadBytes: i == 4 ? 0 : 400, id: $"u{i}")).ToArray();
        var servers = Enumerable.Range(0, m).Select(j => TestScenarios.Server(id: $"es{j}")).ToArray();
        var s = TestScenarios.Build(SystemParameters.Default, users, servers, Enumerable.Range(0, n * m).Select(k => 1e-9 * (1 + k % 3)).ToArray());
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < m; j++)
                Assert.Equal(0.0, DelayModel.Gap(s, i, j, 1, 0, weighted: true));
        foreach (var role in new[] { CandidateRole.Forced, CandidateRole.Optional })
        {
            AssertEnginesAgree(s, Enumerable.Repeat(role, n).ToArray(), true, role.ToString());
            AssertEnginesAgree(s, Enumerable.Repeat(role, n).ToArray(), false, role.ToString());
        }
        // A zero gap is no gain: optional users with u = 0 are never placed when gaps are weighted.
        var optional = FastGreedyEngine.Instance.Run(s, Enumerable.Repeat(CandidateRole.Optional, n).ToArray(), weighted: true);
        for (int i = 0; i < 3; i++) Assert.Equal(Assignment.Local, optional[i]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dead_channels_unserved_forced_users_and_zero_byte_prompts_agree(bool reference)
    {
        var p = reference ? SystemParameters.Reference : SystemParameters.Default;
        const int n = 7, m = 5;
        var users = Enumerable.Range(0, n).Select(i => TestScenarios.User(i % 3 == 0 ? 0.95 : 0.2, payloadBytes: i == 5 ? 0 : 300 + 50 * i, id: $"u{i}")).ToArray();
        var servers = Enumerable.Range(0, m).Select(j => TestScenarios.Server(id: $"es{j}")).ToArray();
        var gains = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                // Users 0 and 5 have no live channel at all; user 3 only reaches server 2.
                gains[i * m + j] = i is 0 or 5 || (i == 3 && j != 2) ? 0 : 1e-9 * (1 + (i * 7 + j) % 5);
        var s = TestScenarios.Build(p, users, servers, gains);
        var goaRoles = users.Select(u => u.Uncertainty > 0.6 ? CandidateRole.Forced : CandidateRole.Optional).ToArray();
        foreach (bool weighted in new[] { true, false })
        {
            AssertEnginesAgree(s, goaRoles, weighted, "goa roles");
            AssertEnginesAgree(s, Enumerable.Repeat(CandidateRole.Forced, n).ToArray(), weighted, "all forced");
            AssertEnginesAgree(s, Enumerable.Repeat(CandidateRole.Optional, n).ToArray(), weighted, "all optional");
        }
        var a = FastGreedyEngine.Instance.Run(s, goaRoles, true);
        if (reference) Assert.Equal(0, a.UnservedForced);
        else Assert.Equal(1, a.UnservedForced);
    }

    [Fact]
    public void Gaps_never_shrink_as_a_server_gains_users_or_interference_bit_for_bit_on_this_platform()
    {
        // The fast engine and the optimum's bound rest on this, including Math.Log2 being monotone at ulp scale, which
        // the standard does not promise: checked here on steps of one ulp as well as large ones.
        Gen.Select(Gen.ULong, Gen.Int[1, 50], Gen.Int[0, 3], Gen.Double[0, 1e-6]).Sample((seed, n, extra, i0) =>
        {
            var s = AdversarialScenarios.Create(seed, out _);
            if (s.UserCount == 0) return;
            int user = (int)(seed % (ulong)s.UserCount), server = (int)(seed / 7 % (ulong)s.ServerCount);
            double[] steps = [i0, Math.BitIncrement(i0), Math.BitIncrement(Math.BitIncrement(i0)), i0 * 1.5 + 1e-15, i0 * 10 + 1e-12];
            foreach (bool weighted in new[] { true, false })
                foreach (int users in new[] { n, n + extra, n + extra + 1 })
                {
                    double previous = double.NegativeInfinity;
                    foreach (double interference in steps)
                    {
                        double g = DelayModel.Gap(s, user, server, users, interference, weighted);
                        Assert.False(double.IsNaN(g), "Gap returned NaN");
                        Assert.True(g >= previous, $"gap shrank as interference grew: seed={seed} users={users} I={interference}");
                        Assert.True(g >= DelayModel.Gap(s, user, server, n, interference, weighted), $"gap shrank as users grew: seed={seed} users={users} I={interference}");
                        previous = g;
                    }
                }
        }, iter: 2000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Inputs_that_overflow_inside_the_formulas_leave_both_engines_agreeing(bool reference)
    {
        // Every input is finite and valid, but received powers sum to +infinity, work estimates overflow, and u = 0 meets
        // infinite delays (NaN inside Gap, which reports +infinity): the engines must still see the same values.
        var p = reference ? SystemParameters.Reference : SystemParameters.Default;
        const int n = 8, m = 3;
        var users = Enumerable.Range(0, n).Select(i => TestScenarios.User(i % 4 == 0 ? 0 : 0.9, payloadBytes: i == 3 ? 1e300 : 400,
            localS: i == 5 ? 1e300 : 0.1, id: $"u{i}")).ToArray();
        var servers = Enumerable.Range(0, m).Select(j => TestScenarios.Server(id: $"es{j}")).ToArray();
        var gains = Enumerable.Range(0, n * m).Select(k => k % 5 == 0 ? 1e308 : k % 7 == 0 ? 0 : 1e-9 * (1 + k % 3)).ToArray();
        var s = TestScenarios.Build(p, users, servers, gains);
        foreach (var roles in new[] { Enumerable.Repeat(CandidateRole.Forced, n).ToArray(), Enumerable.Repeat(CandidateRole.Optional, n).ToArray(),
                     users.Select(u => u.Uncertainty > 0.5 ? CandidateRole.Forced : CandidateRole.Optional).ToArray() })
            foreach (bool weighted in new[] { true, false })
                AssertEnginesAgree(s, roles, weighted, $"weighted={weighted}");
    }

    [Fact]
    public void A_cap_of_one_fills_servers_and_leaves_the_rest_unserved_alike()
    {
        var p = SystemParameters.Default with { Admission = new() { MaxUsersPerServer = 1 } };
        var s = RandomScenarios.Create(10, 5, 77, 0.5, p, deadChannels: false);
        var roles = Enumerable.Repeat(CandidateRole.Forced, 10).ToArray();
        var a = FastGreedyEngine.Instance.Run(s, roles, true);
        AssertSame(DirectGreedyEngine.Instance.Run(s, roles, true), a, "cap 1");
        AssertSame(DirectGreedyEngine.Instance.Run(s, roles, true), FastGreedyEngine.ExactOnly.Run(s, roles, true), "cap 1, exact-only path");
        AssertSame(DirectGreedyEngine.Instance.Run(s, roles, true), FastGreedyEngine.Bracketed.Run(s, roles, true), "cap 1, bracket path");
        Assert.Equal(5, a.OffloadedCount);
        Assert.Equal(5, a.UnservedForced);
    }

    [Fact]
    public void The_fast_engine_reuses_its_buffers_across_sizes_without_leaking_state()
    {
        // Large, then small, then large again on one thread: stale buffer contents must not leak into a run.
        foreach (var (n, m, seed) in new[] { (50, 6, 1UL), (3, 2, 2UL), (0, 1, 3UL), (40, 8, 4UL), (5, 1, 5UL) })
        {
            var s = RandomScenarios.Create(n, m, seed, 0.5);
            var roles = s.Uncertainty.ToArray().Select(u => u > 0.5 ? CandidateRole.Forced : CandidateRole.Optional).ToArray();
            AssertEnginesAgree(s, roles, true, $"n={n} m={m}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_warmed_run_allocates_only_its_result_however_many_steps_it_takes(bool reference)
    {
        // Thousands of placements: one allocation per step or per heap pop would dwarf the O(N) result.
        const int n = 3000, m = 16;
        var p = reference ? SystemParameters.Reference : SystemParameters.Default;
        var s = ScenarioGenerator.Generate(p, ServerLayout.Grid(m, p.Generator.AreaSideM), n, new SyntheticWorkload(), MarginSignal.Instance, 11);
        var goaRoles = s.Uncertainty.ToArray().Select(u => u > 0.6 ? CandidateRole.Forced : CandidateRole.Optional).ToArray();
        var allForced = Enumerable.Repeat(CandidateRole.Forced, n).ToArray();
        foreach (var roles in new[] { goaRoles, allForced })
        {
            FastGreedyEngine.Instance.Run(s, roles, weighted: true);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var a = FastGreedyEngine.Instance.Run(s, roles, weighted: true);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(a.PlacementOrder.Length > n / 3, $"only {a.PlacementOrder.Length} placements: the run must take many steps to mean anything");
            // The result: two int arrays of at most N entries (servers, placement order) and the object itself.
            long budget = 2 * (4L * n + 64) + 256;
            Assert.True(allocated <= budget, $"a warmed run allocated {allocated} bytes for {a.PlacementOrder.Length} placements; the result needs at most {budget}");
        }
    }

    [Fact]
    public void Runs_on_many_threads_at_once_agree_with_the_direct_engine()
    {
        // Per-thread buffers: concurrent runs of different sizes (ExperimentRunner's Parallel.For) must not share state.
        var cases = Enumerable.Range(0, 48).Select(k =>
        {
            var s = AdversarialScenarios.Create((ulong)k * 7919 + 1, out double tau);
            var roles = AdversarialScenarios.RolePatterns(s, tau, (ulong)k).First().Roles;
            return (s, roles, Expected: DirectGreedyEngine.Instance.Run(s, roles, true));
        }).ToArray();
        var results = new Assignment[cases.Length * 20];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var (s, roles, _) = cases[k % cases.Length];
            results[k] = FastGreedyEngine.Instance.Run(s, roles, true);
        });
        for (int k = 0; k < results.Length; k++) AssertSame(cases[k % cases.Length].Expected, results[k], $"case {k % cases.Length}");
    }

    [Fact]
    public void The_shared_fast_engine_brackets_gaps_only_where_vectors_are_accelerated()
    {
        // Emulated vectors would make the bracket path slower than exact gaps, so the shared instance picks by hardware.
        Assert.Same(GapInterval.IsSupported ? FastGreedyEngine.Bracketed : FastGreedyEngine.ExactOnly, FastGreedyEngine.Instance);
    }
}
