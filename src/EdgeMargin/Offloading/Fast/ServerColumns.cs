using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Fast;

/// <summary>
/// What the interval path reads per server in the current state, one array per quantity so four or eight servers load at once:
/// n / B_j, 1 / (I_j + N0 B_j), 1 / min(C_max, C_j / (n + b_j)), 0 or NaN (a full server), and the wait W_j. n counts the user
/// being placed; b_j and W_j are the server's backlog (<see cref="ServerLoad"/>; zero in the static model).
/// </summary>
internal sealed class ServerColumns
{
    public double[] InverseBandwidthShare = [];
    public double[] InverseInterferencePlusNoise = [];
    public double[] InverseComputeShare = [];
    public double[] DeadIfFull = [];
    public double[] WaitS = [];

    public void EnsureCapacity(int m)
    {
        if (InverseBandwidthShare.Length >= m) return;
        InverseBandwidthShare = new double[m];
        InverseInterferencePlusNoise = new double[m];
        InverseComputeShare = new double[m];
        DeadIfFull = new double[m];
        WaitS = new double[m];
    }

    /// <summary>Sets every server's columns from its state in <paramref name="counts"/> and <paramref name="interference"/>; the
    /// engine instead sets them per server as a phase starts and updates them per placement (<see cref="UserHeap"/>).</summary>
    public void Refresh(Scenario scenario, ReadOnlySpan<int> counts, ReadOnlySpan<double> interference, int cap)
    {
        for (int j = 0; j < counts.Length; j++) Set(j, DelayModel.StateOf(scenario, j, counts[j] + 1, interference[j]), counts[j], cap);
    }

    /// <summary>
    /// The interference update of <see cref="DelayModel.AddInterference"/> (user i's received power added to I_k of every server
    /// k other than its own, <paramref name="server"/>), written into <paramref name="interference"/> with the same doubles, and
    /// 1 / (I_k + N0 B_k) refreshed for every server: what a placement does to the columns before the placed server's shares.
    /// Keep in step with <see cref="DelayModel.AddInterference"/> and <see cref="DelayModel.StateOf"/> (see <c>DelayModel.Gap</c>'s
    /// remarks); a test checks the bits against them at both widths.
    /// </summary>
    /// <remarks>
    /// A copy rather than a call, for speed: four or eight servers per instruction, because this sits between one placement and
    /// the next row, so its latency counts, and a scalar loop's test for the placed server is a branch the predictor misses once
    /// per placement. Against that loop followed by a pass over every server's count, this gained about 5 % of a run at
    /// N = 1000, M = 16. Adding +0.0 on the placed server's own lane leaves its sum's bits as they were (a sum of non-negative
    /// powers starting from +0.0 is never -0.0), which is what the scalar routine does by skipping it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddInterference(Scenario scenario, int user, int server, double[] interference)
        => AddInterferenceAtWidth(Vector512.IsHardwareAccelerated, scenario, user, server, interference);

    /// <summary><see cref="AddInterference"/> with eight lanes (<paramref name="wide"/>) or four, so tests can run both on any machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddInterferenceAtWidth(bool wide, Scenario scenario, int user, int server, double[] interference)
    {
        int m = scenario.ServerCount, k = 0;
        ref readonly double p = ref scenario.ReceivedPowerW[user * m];
        ref readonly double noise = ref scenario.NoiseW[0];
        ref double sums = ref interference[0];
        ref double inverse = ref InverseInterferencePlusNoise[0];
        if (wide)
        {
            var lanes = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
            for (; k + 8 <= m; k += 8)
            {
                var at = (nuint)k;
                var own = Vector512.Equals(lanes + Vector512.Create((long)k), Vector512.Create((long)server)).AsDouble();
                var sum = Vector512.LoadUnsafe(ref sums, at) + Vector512.ConditionalSelect(own, Vector512<double>.Zero, Vector512.LoadUnsafe(in p, at));
                sum.StoreUnsafe(ref sums, at);
                (Vector512<double>.One / (sum + Vector512.LoadUnsafe(in noise, at))).StoreUnsafe(ref inverse, at);
            }
        }
        for (; k + 4 <= m; k += 4)
        {
            var at = (nuint)k;
            var own = Vector256.Equals(Vector256.Create(0L, 1, 2, 3) + Vector256.Create((long)k), Vector256.Create((long)server)).AsDouble();
            var sum = Vector256.LoadUnsafe(ref sums, at) + Vector256.ConditionalSelect(own, Vector256<double>.Zero, Vector256.LoadUnsafe(in p, at));
            sum.StoreUnsafe(ref sums, at);
            (Vector256<double>.One / (sum + Vector256.LoadUnsafe(in noise, at))).StoreUnsafe(ref inverse, at);
        }
        var row = scenario.ReceivedPowerW.Slice(user * m, m);
        for (; k < m; k++)
        {
            if (k != server) interference[k] += row[k];
            InverseInterferencePlusNoise[k] = 1 / (interference[k] + scenario.NoiseW[k]);
        }
    }

    /// <summary>Server j's columns from its state (computed for <paramref name="count"/> + 1 users) and count. Keep in step with
    /// <see cref="DelayModel.StateOf"/> and the brackets that read these columns (see <c>DelayModel.Gap</c>'s remarks).</summary>
    public void Set(int j, in ServerState state, int count, int cap)
    {
        // The same I + N B_j as the exact path's state, so the same double.
        InverseInterferencePlusNoise[j] = 1 / state.InterferencePlusNoiseW;
        InverseBandwidthShare[j] = 1 / state.BandwidthShareHz;
        InverseComputeShare[j] = 1 / state.ComputeShareFlops;
        DeadIfFull[j] = count >= cap ? double.NaN : 0;
        WaitS[j] = state.WaitS;
    }
}
