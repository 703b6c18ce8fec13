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

    public void EnsureCapacity(int m)
    {
        if (InverseBandwidthShare.Length >= m) return;
        InverseBandwidthShare = new double[m];
        InverseInterferencePlusNoise = new double[m];
        InverseComputeShare = new double[m];
        DeadIfFull = new double[m];
    }

    /// <summary>Sets every server's columns from its state in <paramref name="counts"/> and <paramref name="interference"/>; the
    /// engine instead sets them per server as a phase starts and updates them per placement (<see cref="UserHeap"/>).</summary>
    public void Refresh(Scenario scenario, ReadOnlySpan<int> counts, ReadOnlySpan<double> interference, int cap)
    {
        for (int j = 0; j < counts.Length; j++) Set(j, DelayModel.StateOf(scenario, j, counts[j] + 1, interference[j]), counts[j], cap);
    }

    /// <summary>Server j's columns from its state (computed for <paramref name="count"/> + 1 users) and count.</summary>
    public void Set(int j, in ServerState state, int count, int cap)
    {
        // The same I + N B_j as the exact path's state, so the same double.
        InverseInterferencePlusNoise[j] = 1 / state.InterferencePlusNoiseW;
        InverseBandwidthShare[j] = 1 / state.BandwidthShareHz;
        InverseComputeShare[j] = 1 / state.ComputeShareFlops;
        DeadIfFull[j] = count >= cap ? double.NaN : 0;
    }
}
