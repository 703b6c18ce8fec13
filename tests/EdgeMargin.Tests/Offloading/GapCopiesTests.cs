using CsCheck;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests.Offloading;

/// <summary>
/// The places that encode the gap's structure or the interference update apart from <see cref="DelayModel"/> (listed in
/// <c>DelayModel.Gap</c>'s remarks) must agree with it: the fast engine's vector interference update bit for bit, the optional
/// phase's pre-filter as a true lower bound, with and without a backlog. The brackets are checked in <see cref="GapIntervalTests"/>.
/// </summary>
public class GapCopiesTests
{
    /// <summary>A server state drawn at random: counts up to the cap (some servers full) and no, some or heavy interference.</summary>
    private static (int[] Counts, double[] Interference, int Cap) RandomState(SeededRandom rng, Scenario s)
    {
        int m = s.ServerCount;
        int cap = s.Parameters.Admission.MaxUsersPerServer ?? int.MaxValue;
        var counts = new int[m];
        var interference = new double[m];
        for (int j = 0; j < m; j++)
        {
            counts[j] = rng.NextInt(cap == int.MaxValue ? 40 : cap + 1);
            double r = rng.NextDouble();
            interference[j] = r < 0.3 ? 0 : r < 0.6 ? s.NoiseW[j] * rng.NextDouble() : s.NoiseW[j] * Math.Exp(rng.Uniform(0, 25));
        }
        return (counts, interference, cap);
    }

    /// <summary>A random epoch of either generator: random draws with dead channels and caps, or the adversarial one (ties, u = 0,
    /// users dead everywhere in both modes, caps of one or two, M = 1).</summary>
    private static Scenario RandomOrAdversarial(ulong seed, int n, int m, bool adversarial, bool reference, int cap)
    {
        if (adversarial) return AdversarialScenarios.Create(seed, out _);
        var p = (reference ? SystemParameters.Reference : SystemParameters.Default) with { Admission = new() { MaxUsersPerServer = cap == 0 ? null : cap } };
        return RandomScenarios.Create(n, m, seed, 0.5, p);
    }

    [Fact]
    public void The_optional_phase_prefilter_never_exceeds_the_exact_gap_and_rules_out_only_users_with_no_negative_gap()
    {
        long pairs = 0, ruledOut = 0, tight = 0;
        Gen.Select(Gen.ULong, Gen.Int[1, 40], Gen.Int[1, 12], Gen.Bool, Gen.Bool, Gen.Int[0, 4], Gen.Int[0, 2]).Sample((seed, n, m, adversarial, reference, cap, load) =>
        {
            var s = RandomOrAdversarial(seed, n, m, adversarial, reference, cap);
            var rng = new SeededRandom(seed ^ 0xF11E);
            // A third of the epochs carry a backlog: jobs in service and waits, the same on every server in some.
            if (load > 0 && rng.NextDouble() < 0.5) s = s.WithLoad(RandomLoads.Create(rng, s.ServerCount, same: load == 2));
            var (counts, interference, capOrMax) = RandomState(rng, s);
            int servers = s.ServerCount;
            var states = new ServerState[servers];
            for (int j = 0; j < servers; j++) states[j] = DelayModel.StateOf(s, j, counts[j] + 1, interference[j]);
            double fastest = UserHeap.FastestShare(states, counts, servers, capOrMax);
            double leastWait = UserHeap.SmallestWait(states, counts, servers, capOrMax);
            for (int i = 0; i < s.UserCount; i++)
                foreach (bool weighted in new[] { true, false })
                {
                    // As Build calls it: t_local alone in the static specialisation, t_local - min W with waits.
                    double local = s.HasWait ? s.LocalDelayS[i] - leastWait : s.LocalDelayS[i];
                    double lower = UserHeap.NoNegativeGapBound(s.EdgeWorkEstimate[i], fastest, local, s.Uncertainty[i], weighted);
                    bool ruled = !(lower < 0);
                    if (ruled) Interlocked.Increment(ref ruledOut);
                    for (int j = 0; j < servers; j++)
                    {
                        if (counts[j] >= capOrMax) continue;
                        double gap = DelayModel.Gap(s, i, j, states[j], weighted);
                        string at = $"seed={seed} adversarial={adversarial} mode={s.Parameters.Mode} cap={s.Parameters.Admission.MaxUsersPerServer} backlog={s.HasBacklog} user {i} server {j} weighted={weighted}";
                        Assert.False(gap < lower, $"{at}: the pre-filter's bound {lower:R} exceeds the exact gap {gap:R}");
                        Assert.False(ruled && gap < 0, $"{at}: the pre-filter rules the user out ({lower:R}) but its gap {gap:R} is negative");
                        Interlocked.Increment(ref pairs);
                        if (gap == lower) Interlocked.Increment(ref tight);
                    }
                }
        }, iter: 600);
        // The property must have been exercised on both sides: users ruled out, and bounds met with equality (zero-byte prompts
        // on the fastest server), where a bound one ulp too high would fail.
        Assert.True(pairs > 20_000 && ruledOut > 500 && tight > 50, $"only {pairs} pairs, {ruledOut} users ruled out, {tight} tight bounds");
    }

    [Fact]
    public void The_fast_engines_vector_interference_update_writes_the_bits_of_the_one_placement_helper_at_both_widths()
    {
        int placements = 0;
        Gen.Select(Gen.ULong, Gen.Int[1, 20], Gen.Int[1, 20], Gen.Bool).Sample((seed, n, m, reference) =>
        {
            var p = reference ? SystemParameters.Reference : SystemParameters.Default;
            var s = RandomScenarios.Create(n, m, seed, 0.5, p);
            var rng = new SeededRandom(seed ^ 0x1A7E);
            foreach (bool wide in new[] { false, true })
            {
                // Sums as the engines build them: placements from exact zeros, here in a random order onto random servers.
                var expected = new double[m];
                var actual = new double[m];
                var columns = new ServerColumns();
                columns.EnsureCapacity(m);
                var order = Enumerable.Range(0, n).Where(_ => rng.NextDouble() < 0.8).ToArray();
                foreach (int i in order)
                {
                    int j = rng.NextInt(m);
                    DelayModel.AddInterference(s, i, j, expected);
                    columns.AddInterferenceAtWidth(wide, s, i, j, actual);
                    for (int k = 0; k < m; k++)
                    {
                        Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k]), BitConverter.DoubleToInt64Bits(actual[k]));
                        // The column the brackets read: 1 / (I + N) of the exact path's state.
                        double inverse = 1 / DelayModel.StateOf(s, k, 1, expected[k]).InterferencePlusNoiseW;
                        Assert.Equal(BitConverter.DoubleToInt64Bits(inverse), BitConverter.DoubleToInt64Bits(columns.InverseInterferencePlusNoise[k]));
                    }
                    Interlocked.Increment(ref placements);
                }
            }
        }, iter: 300);
        Assert.True(placements > 2000, $"only {placements} placements compared");
    }

    [Fact]
    public void Interference_of_an_assignment_is_its_definition_summed_in_user_order_by_the_placement_helper()
    {
        // The evaluator and the objective sum in user order through the same helper the engines call in placement order.
        Gen.Select(Gen.ULong, Gen.Int[0, 30], Gen.Int[1, 9]).Sample((seed, n, m) =>
        {
            var s = RandomScenarios.Create(n, m, seed, 0.5);
            var rng = new SeededRandom(seed);
            var serverOf = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3 ? Assignment.Local : rng.NextInt(m)).ToArray();
            var byHelper = new double[m];
            for (int i = 0; i < n; i++)
                if (serverOf[i] != Assignment.Local) DelayModel.AddInterference(s, i, serverOf[i], byHelper);
            var summed = new double[m];
            DelayModel.Interference(s, serverOf, summed);
            // Written out from the model's definition: I_j = sum over offloaded k on another server of P |h_kj|^2.
            for (int j = 0; j < m; j++)
            {
                double byDefinition = 0;
                for (int k = 0; k < n; k++)
                    if (serverOf[k] != Assignment.Local && serverOf[k] != j) byDefinition += s.ReceivedPowerW[k * m + j];
                Assert.Equal(byDefinition, summed[j]);
                Assert.Equal(byDefinition, byHelper[j]);
            }
        }, iter: 200);
    }
}
