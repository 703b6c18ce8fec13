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
    {
        double bits = scenario.PayloadBits[user];
        if (bits == 0) return 0;
        double sinr = UplinkRate.Sinr(scenario.ReceivedPowerW[user * scenario.ServerCount + server], interferenceW, scenario.NoiseW[server]);
        double rate = UplinkRate.BitsPerSecond(scenario.BandwidthHz[server] / usersOnServer, sinr);
        return rate > 0 ? bits / rate : double.PositiveInfinity;
    }

    /// <summary>Edge compute time of <paramref name="workFlop"/> on server j shared by <paramref name="usersOnServer"/> users.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double EdgeS(Scenario scenario, double workFlop, int server, int usersOnServer)
        => workFlop / EdgeShare.PerUserFlops(scenario.CapacityFlops[server], usersOnServer, scenario.Parameters.EdgeUserCapFlops);

    /// <summary>
    /// GOA's marginal gap of placing unassigned user i on server j that would then carry <paramref name="usersAfter"/>
    /// users: w (t_comm + t_edge_estimate - t_local), with w = u_i when <paramref name="weighted"/>, else 1.
    /// Negative means offloading is faster. Non-finite values (dead channel) are returned as +infinity.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Gap(Scenario scenario, int user, int server, int usersAfter, double interferenceW, bool weighted)
    {
        double comm = CommS(scenario, user, server, usersAfter, interferenceW);
        double edge = EdgeS(scenario, scenario.EdgeWorkEstimate[user], server, usersAfter);
        double gap = comm + edge - scenario.LocalDelayS[user];
        if (weighted) gap *= scenario.Uncertainty[user];
        // u = 0 times an infinite delay is NaN; neither is a usable choice.
        return double.IsFinite(gap) ? gap : double.PositiveInfinity;
    }

    /// <summary>
    /// Interference at each server j from users offloaded elsewhere: I_j = sum over offloaded k with a_k != j of P|h_kj|^2
    /// (users on the same server are orthogonal; other cells reuse the band). Summed in user order, directly.
    /// </summary>
    public static void Interference(Scenario scenario, ReadOnlySpan<int> serverOfUser, Span<double> interferenceW)
    {
        int m = scenario.ServerCount;
        interferenceW.Clear();
        var power = scenario.ReceivedPowerW;
        for (int k = 0; k < serverOfUser.Length; k++)
        {
            int a = serverOfUser[k];
            if (a == Assignment.Local) continue;
            int row = k * m;
            for (int j = 0; j < m; j++)
                if (j != a) interferenceW[j] += power[row + j];
        }
    }

    /// <summary>Users per server for an assignment.</summary>
    public static void Counts(ReadOnlySpan<int> serverOfUser, Span<int> counts)
    {
        counts.Clear();
        foreach (int a in serverOfUser) if (a != Assignment.Local) counts[a]++;
    }
}
