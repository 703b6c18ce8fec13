using System.Runtime.Intrinsics;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Fast;

/// <summary>
/// What the interval path reads per server in the current state, one array per quantity so four or eight servers load at once:
/// n / B_j, 1 / (I_j + N0 B_j), 1 / min(C_max, C_j / n), and 0 or NaN (a full server). n counts the user being placed.
/// </summary>
internal sealed class ServerColumns
{
    public double[] InverseBandwidthShare = [];
    public double[] InverseInterferencePlusNoise = [];
    public double[] InverseComputeShare = [];
    public double[] DeadIfFull = [];

    /// <summary>The server counts the share columns were last computed for (meaningful once every server has been set).</summary>
    public int[] CountSeen = [];

    public void EnsureCapacity(int m)
    {
        if (InverseBandwidthShare.Length >= m) return;
        InverseBandwidthShare = new double[m];
        InverseInterferencePlusNoise = new double[m];
        InverseComputeShare = new double[m];
        DeadIfFull = new double[m];
        CountSeen = new int[m];
    }

    /// <summary>
    /// Brings the columns to the current state: 1 / (I + N) for every server (interference changes everywhere each step),
    /// the shares and the full flag only where the count changed, or everywhere when <paramref name="force"/> (a new phase
    /// or epoch, whose counts may match stale ones by chance).
    /// </summary>
    public void Refresh(Scenario scenario, ReadOnlySpan<int> counts, ReadOnlySpan<double> interference, int cap, bool force)
    {
        var noise = scenario.NoiseW;
        int m = counts.Length, j = 0;
        // Four servers per division: this sits between a placement and the next bracket, so its latency counts.
        for (; j + 4 <= m; j += 4)
            (Vector256<double>.One / (Vector256.Create(interference.Slice(j, 4)) + Vector256.Create(noise.Slice(j, 4)))).CopyTo(InverseInterferencePlusNoise.AsSpan(j, 4));
        for (; j < m; j++) InverseInterferencePlusNoise[j] = 1 / (interference[j] + noise[j]);
        for (j = 0; j < m; j++)
            if (force || counts[j] != CountSeen[j]) Set(j, DelayModel.StateOf(scenario, j, counts[j] + 1, interference[j]), counts[j], cap);
    }

    /// <summary>Server j's columns from its state (computed for <paramref name="count"/> + 1 users) and count.</summary>
    public void Set(int j, in ServerState state, int count, int cap)
    {
        // The same I + N B_j as the exact path's state, so the same double.
        InverseInterferencePlusNoise[j] = 1 / state.InterferencePlusNoiseW;
        InverseBandwidthShare[j] = 1 / state.BandwidthShareHz;
        InverseComputeShare[j] = 1 / state.ComputeShareFlops;
        DeadIfFull[j] = count >= cap ? double.NaN : 0;
        CountSeen[j] = count;
    }
}
