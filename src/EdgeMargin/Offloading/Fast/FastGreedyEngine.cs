using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Fast;

/// <summary>
/// The greedy engine with lazy re-evaluation. It returns exactly the assignment of <see cref="DirectGreedyEngine"/>
/// (same placements, same order, same unserved count) but re-computes only the gaps that could be the smallest.
/// </summary>
/// <remarks>
/// <para>
/// Why this is exact: the gap of a pair (i, j) depends on the state only through the user count n_j and the
/// interference I_j at server j, and placing a user can only raise n_j (at one server) and I_j (at the others by a
/// power &gt;= 0). Every step of <see cref="DelayModel.Gap(Scenario, int, int, int, double, bool)"/> is monotone
/// non-decreasing in n_j and I_j (IEEE addition, division and the logarithm are monotone; B/n, min(C_max, C/n) and
/// the weight u &gt;= 0 keep the direction), so a gap computed earlier is a lower bound of its current value, bit for
/// bit. <see cref="UserHeap"/> keeps those bounds and refreshes only the ones that could be the smallest; a refreshed
/// pair that is still no greater, in (gap, user, server) order, than every other bound is no greater than every other
/// current gap: the pair the direct scan picks, with the same ties (lowest user, then lowest server). A change to the gap
/// must keep this monotonicity; keep in step with <see cref="DelayModel.Gap(Scenario, int, int, int, double, bool)"/>, whose
/// remarks list every place that encodes the gap's structure.
/// </para>
/// <para>
/// Gaps come from the same <see cref="DelayModel"/> formulas on the same operands (per-server shares computed once per
/// step by <see cref="DelayModel.StateOf"/> are the same doubles), with counts and interference updated by the same
/// additions in the same order as the direct engine, so every comparison sees identical doubles. Pairs that can never
/// be chosen again are dropped for good: a full server, an infinite gap where infinite gaps are refused, and in the
/// optional phase a gap that is no longer negative (it can only grow).
/// </para>
/// <para>
/// Where vector instructions run, most of those gaps are never computed: <see cref="GapInterval"/> brackets a row of gaps
/// (lo &lt;= exact double &lt;= hi, without a logarithm) and a pair is taken when its hi is strictly below every other
/// bound; near-ties go to the exact gaps above. <see cref="ExactOnly"/> is the same engine without brackets.
/// </para>
/// <para>Buffers live per thread and are reused, so a run allocates only its result. They grow to the largest epoch the
/// thread has run and are never shrunk (about 8 N M bytes; 5 MB at N = 10000, M = 64). See docs/fast-goa.md.</para>
/// </remarks>
public sealed class FastGreedyEngine : IGreedyEngine
{
    /// <summary>The shared instance (stateless; buffers are per thread). It brackets gaps with vector instructions where the
    /// hardware accelerates them and uses exact gaps only elsewhere; the decisions are the same either way.</summary>
    public static FastGreedyEngine Instance => GapInterval.IsSupported ? Bracketed : ExactOnly;

    /// <summary>The same engine on exact gaps only (every bound from <see cref="DelayModel.Gap(Scenario, int, int, in ServerState, bool)"/>),
    /// so tests can check both paths on any machine.</summary>
    internal static FastGreedyEngine ExactOnly { get; } = new(false);

    /// <summary>The same engine with brackets even where vectors are emulated in software (slow there, same decisions), so
    /// tests exercise the bracket path on any machine.</summary>
    internal static FastGreedyEngine Bracketed { get; } = new(true);

    [ThreadStatic] private static Workspace? _workspace;

    private readonly bool _intervals;

    private FastGreedyEngine(bool intervals) => _intervals = intervals;

    /// <inheritdoc />
    public string Name => "fast";

    /// <inheritdoc />
    public string Description => "incremental: refreshes only the gaps that could be the smallest; decides exactly as direct (the default)";

    /// <inheritdoc />
    public Assignment Run(Scenario scenario, ReadOnlySpan<CandidateRole> roles, bool weighted)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        int n = scenario.UserCount, m = scenario.ServerCount;
        if (roles.Length != n) throw new ArgumentException($"Expected {n} roles, got {roles.Length}.", nameof(roles));
        if ((long)n * m > int.MaxValue) throw new ArgumentException($"{n} users x {m} servers is too many pairs for one epoch.", nameof(scenario));

        var ws = _workspace ??= new Workspace();
        ws.Reset(n, m);
        bool guard = scenario.Parameters.ExcludesInfeasiblePairs;
        int cap = scenario.Parameters.Admission.MaxUsersPerServer ?? int.MaxValue;
        int forced = 0;
        foreach (var r in roles) forced += r == CandidateRole.Forced ? 1 : 0;
        // Waits change the brackets' code, so the static model runs a specialisation without them (jobs in service only
        // change the compute-share column and need none).
        var (placedForced, placed) = scenario.HasWait
            ? Phases<GapInterval.ServerWait>(scenario, roles, ws, forced, weighted, guard, cap)
            : Phases<GapInterval.NoWait>(scenario, roles, ws, forced, weighted, guard, cap);
        // Forced users the first phase could not place (no live pair left) stay local and are counted unserved.
        return new Assignment(ws.ServerOf.AsSpan(0, n), forced - placedForced, ws.Order.AsSpan(0, placed));
    }

    /// <summary>Both phases; returns how many users the first placed, and how many were placed in all.</summary>
    private (int Forced, int All) Phases<TWait>(Scenario scenario, ReadOnlySpan<CandidateRole> roles, Workspace ws, int forced, bool weighted, bool guard, int cap)
        where TWait : struct, GapInterval.IWaitTerm
    {
        int n = scenario.UserCount;
        var serverOf = ws.ServerOf;
        var counts = ws.Counts;
        var interference = ws.Interference;
        var heap = ws.Heap;
        int placed = 0;
        if (forced > 0)
        {
            heap.Build<TWait>(scenario, roles, CandidateRole.Forced, counts, interference, weighted, cap, dropInfinite: guard, dropNonNegative: false, _intervals);
            placed = heap.RunPhase<TWait>(scenario, serverOf, counts, interference, ws.Order, 0, forced, weighted, cap, dropInfinite: guard, dropNonNegative: false);
        }
        int placedForced = placed;
        heap.Build<TWait>(scenario, roles, CandidateRole.Optional, counts, interference, weighted, cap, dropInfinite: true, dropNonNegative: true, _intervals);
        placed = heap.RunPhase<TWait>(scenario, serverOf, counts, interference, ws.Order, placed, n, weighted, cap, dropInfinite: true, dropNonNegative: true);
        return (placedForced, placed);
    }

    /// <summary>Per-thread buffers, grown on demand and never shrunk.</summary>
    private sealed class Workspace
    {
        public int[] ServerOf = [];
        public int[] Counts = [];
        public double[] Interference = [];
        public int[] Order = [];
        public readonly UserHeap Heap = new();

        public void Reset(int n, int m)
        {
            if (ServerOf.Length < n)
            {
                ServerOf = new int[n];
                Order = new int[n];
            }
            if (Counts.Length < m)
            {
                Counts = new int[m];
                Interference = new double[m];
            }
            Array.Fill(ServerOf, Assignment.Local, 0, n);
            Array.Clear(Counts, 0, m);
            // Exact zeros: the interference sums must start where the direct engine's start.
            Array.Clear(Interference, 0, m);
        }
    }
}
