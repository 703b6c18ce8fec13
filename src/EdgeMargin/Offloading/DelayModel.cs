using System.Runtime.CompilerServices;
using EdgeMargin.Compute;
using EdgeMargin.Radio;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>
/// The per-pair delay formulas of the system model. Every policy, engine, objective and evaluator calls these
/// so that the reference and the fast implementations do bit-identical arithmetic.
/// </summary>
public static class DelayModel
{
    /// <summary>
    /// Uplink time of user i on server j when j carries <paramref name="usersOnServer"/> users (i included) and the
    /// interference at j is <paramref name="interferenceW"/>: bits / ((B_j / n) log2(1 + P|h|^2 / (I + N0 B_j))).
    /// Zero bits take zero time even on a dead channel; otherwise a zero rate gives +infinity.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CommS(Scenario scenario, int user, int server, int usersOnServer, double interferenceW)
        => CommS(scenario, user, server, StateOf(scenario, server, usersOnServer, interferenceW));

    /// <summary>Uplink time of user i on server j in the server state <paramref name="state"/> (see <see cref="StateOf"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CommS(Scenario scenario, int user, int server, in ServerState state)
    {
        double bits = scenario.PayloadBits[user];
        if (bits == 0) return 0;
        double sinr = UplinkRate.Sinr(scenario.ReceivedPowerW[user * scenario.ServerCount + server], state.InterferencePlusNoiseW);
        double rate = UplinkRate.BitsPerSecond(state.BandwidthShareHz, sinr);
        return rate > 0 ? bits / rate : double.PositiveInfinity;
    }

    /// <summary>
    /// Edge compute time of <paramref name="workFlop"/> on server j shared by <paramref name="usersOnServer"/> users of this
    /// epoch and the b_j jobs of its backlog (<see cref="Scenario.BacklogJobs"/>; none in the static model):
    /// work / min(C_max, C_j / (n + b_j)). The wait W_j before service is not included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double EdgeS(Scenario scenario, double workFlop, int server, int usersOnServer)
        => workFlop / EdgeShare.PerUserFlops(scenario.CapacityFlops[server], usersOnServer + scenario.BacklogJobs[server], scenario.EdgeUserCapFlops);

    /// <summary>
    /// What every pair on server j shares when j carries <paramref name="usersOnServer"/> users (i included) under
    /// interference <paramref name="interferenceW"/>: the bandwidth share B_j / n, interference plus noise, the
    /// compute share min(C_max, C_j / (n + b_j)) with the b_j jobs of its backlog, and its wait W_j (both zero in the static
    /// model, which leaves every double as it was). Computing it once per server instead of once per pair gives the same
    /// doubles (same operations on the same operands) and saves three divisions and an addition per pair.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ServerState StateOf(Scenario scenario, int server, int usersOnServer, double interferenceW)
        => new(scenario.BandwidthHz[server] / usersOnServer, interferenceW + scenario.NoiseW[server],
            EdgeShare.PerUserFlops(scenario.CapacityFlops[server], usersOnServer + scenario.BacklogJobs[server], scenario.EdgeUserCapFlops),
            scenario.WaitS[server]);

    /// <summary>
    /// GOA's marginal gap of placing unassigned user i on server j that would then carry <paramref name="usersAfter"/>
    /// users: w (t_comm + t_edge_estimate - t_local), with w = u_i when <paramref name="weighted"/>, else 1.
    /// Negative means offloading is faster. Non-finite values (dead channel) are returned as +infinity. With a backlog
    /// (<see cref="ServerLoad"/>) the edge estimate is W_j + work / min(C_max, C_j / (n + b_j)).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The wait enters as t_comm + t_edge - (t_local - W_j): W_j is constant within the epoch, so the fast engine's brackets
    /// subtract the same double, t_local - W_j, computed off their dependency chain; with W_j = 0 it is t_local exactly, so the
    /// static model's doubles are unchanged.
    /// </para>
    /// <para>
    /// This is the one exact definition of the gap, but its structure (which quantities enter, in which order, rounded
    /// how) is also encoded, for speed, in places that do not call it. Whoever changes the formula here changes all of them
    /// in the same commit; each carries a "keep in step with DelayModel.Gap" note:
    /// </para>
    /// <list type="bullet">
    /// <item><see cref="StateOf"/>, <see cref="CommS(Scenario, int, int, in ServerState)"/> and <see cref="EdgeS"/>: the
    /// pieces Gap is made of (and, with <see cref="Interference"/>, what <see cref="OutcomeEvaluator"/> and
    /// <see cref="PaperObjective"/> evaluate).</item>
    /// <item><c>Fast.GapInterval.Bracket4</c> and <c>Bracket8</c>: the same formula on four or eight servers at once, without a
    /// logarithm, as guaranteed brackets of the double computed here; their remarks argue the margins operation by operation,
    /// so a new term needs a new argument (and <c>GapIntervalTests</c> checks every bracket against this method).</item>
    /// <item><c>Fast.ServerColumns.Set</c> and <c>Fast.ServerColumns.AddInterference</c>: the per-server reciprocals the brackets
    /// read (n / B_j, 1 / (I_j + N0 B_j), 1 / compute share), built from <see cref="StateOf"/>'s doubles.</item>
    /// <item><c>Fast.UserHeap.NoNegativeGapBound</c>: the optional phase's pre-filter in <c>UserHeap.Build</c>, a lower bound of
    /// every gap of a user (upload time dropped, fastest compute share) that rules users out with one division.</item>
    /// <item>The monotonicity the fast engine (<c>Fast.FastGreedyEngine</c>'s remarks, docs/fast-goa.md) and the optimum's bound
    /// (<c>Optimal.OptimalPolicy</c>) rest on: a gap never shrinks as its server gains users or interference. A new term must keep
    /// that, for the computed doubles (a test checks it on steps of one ulp).</item>
    /// </list>
    /// <para>
    /// The interference update a placement makes has one encoding, <see cref="AddInterference"/>, which the direct engine,
    /// <see cref="Interference"/> and the optimum call; the fast engine's vector update (<c>Fast.ServerColumns.AddInterference</c>)
    /// stays separate for speed and a test checks that it writes the same bits.
    /// </para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Gap(Scenario scenario, int user, int server, int usersAfter, double interferenceW, bool weighted)
        => Gap(scenario, user, server, StateOf(scenario, server, usersAfter, interferenceW), weighted);

    /// <summary>
    /// <see cref="Gap(Scenario, int, int, int, double, bool)"/> with server j's state already computed by
    /// <see cref="StateOf"/> for usersAfter users: the same doubles, bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Gap(Scenario scenario, int user, int server, in ServerState state, bool weighted)
    {
        double comm = CommS(scenario, user, server, state);
        double edge = scenario.EdgeWorkEstimate[user] / state.ComputeShareFlops;
        double gap = comm + edge - (scenario.LocalDelayS[user] - state.WaitS);
        if (weighted) gap *= scenario.Uncertainty[user];
        // u = 0 times an infinite delay is NaN; neither is a usable choice.
        return double.IsFinite(gap) ? gap : double.PositiveInfinity;
    }

    /// <summary>
    /// Interference at each server j from users offloaded elsewhere: I_j = sum over offloaded k with a_k != j of P|h_kj|^2
    /// (users on the same server are orthogonal; other cells reuse the band). Summed in user order, by
    /// <see cref="AddInterference"/>, from exact zeros.
    /// </summary>
    public static void Interference(Scenario scenario, ReadOnlySpan<int> serverOfUser, Span<double> interferenceW)
    {
        interferenceW.Clear();
        for (int k = 0; k < serverOfUser.Length; k++)
        {
            int a = serverOfUser[k];
            if (a != Assignment.Local) AddInterference(scenario, k, a, interferenceW);
        }
    }

    /// <summary>
    /// What placing <paramref name="user"/> on <paramref name="server"/> does to the interference: its received power
    /// P|h_ij|^2 is added to I_j of every other server j (its own server hears it as an orthogonal user, not as
    /// interference). Every engine and evaluator sums interference through this one routine, in placement order, so equal
    /// placements give equal doubles; the fast engine's vector copy (<c>Fast.ServerColumns.AddInterference</c>) is tested
    /// against it bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInterference(Scenario scenario, int user, int server, Span<double> interferenceW)
    {
        int m = scenario.ServerCount;
        var power = scenario.ReceivedPowerW.Slice(user * m, m);
        for (int j = 0; j < power.Length; j++)
            if (j != server) interferenceW[j] += power[j];
    }

    /// <summary>Users per server for an assignment.</summary>
    public static void Counts(ReadOnlySpan<int> serverOfUser, Span<int> counts)
    {
        counts.Clear();
        foreach (int a in serverOfUser) if (a != Assignment.Local) counts[a]++;
    }
}
