using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>
/// The reference implementation, as the paper states it: after every placement, recompute the gap of every
/// remaining (user, server) pair and scan for the smallest. O(N^2 M) here because per-server interference is
/// kept as a running sum rather than re-summed per pair (the paper's O(N^3 M^2) re-sums it).
/// </summary>
public sealed class DirectGreedyEngine : IGreedyEngine
{
    /// <summary>The shared instance.</summary>
    public static DirectGreedyEngine Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "direct";

    /// <inheritdoc />
    public string Description => "the reference full scan of every (user, server) gap after each placement, as the paper states it";

    /// <inheritdoc />
    public Assignment Run(Scenario scenario, ReadOnlySpan<CandidateRole> roles, bool weighted)
    {
        int n = scenario.UserCount, m = scenario.ServerCount;
        if (roles.Length != n) throw new ArgumentException($"Expected {n} roles, got {roles.Length}.", nameof(roles));
        var serverOf = new int[n];
        Array.Fill(serverOf, Assignment.Local);
        var counts = new int[m];
        var interference = new double[m];
        bool guard = scenario.Parameters.ExcludesInfeasiblePairs;
        int cap = scenario.Parameters.Admission.MaxUsersPerServer ?? int.MaxValue;

        int forcedLeft = 0;
        foreach (var r in roles) if (r == CandidateRole.Forced) forcedLeft++;
        int unserved = 0;
        var order = new List<int>();

        while (forcedLeft > 0)
        {
            var (bi, bj, _) = Best(scenario, roles, CandidateRole.Forced, serverOf, counts, interference, weighted, cap, allowInfinite: !guard);
            if (bi < 0)
            {
                unserved = forcedLeft;
                break;
            }
            Place(scenario, bi, bj, serverOf, counts, interference);
            order.Add(bi);
            forcedLeft--;
        }

        while (true)
        {
            var (bi, bj, best) = Best(scenario, roles, CandidateRole.Optional, serverOf, counts, interference, weighted, cap, allowInfinite: false);
            if (bi < 0 || !(best < 0)) break;
            Place(scenario, bi, bj, serverOf, counts, interference);
            order.Add(bi);
        }

        return new Assignment(serverOf, unserved, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order));
    }

    /// <summary>Places a user and adds its power to the interference every other server sees (<see cref="DelayModel.AddInterference"/>),
    /// in placement order.</summary>
    internal static void Place(Scenario scenario, int user, int server, int[] serverOf, int[] counts, double[] interference)
    {
        serverOf[user] = server;
        counts[server]++;
        DelayModel.AddInterference(scenario, user, server, interference);
    }

    private static (int User, int Server, double Gap) Best(Scenario scenario, ReadOnlySpan<CandidateRole> roles, CandidateRole role,
        int[] serverOf, int[] counts, double[] interference, bool weighted, int cap, bool allowInfinite)
    {
        int bi = -1, bj = -1;
        double best = double.PositiveInfinity;
        int n = scenario.UserCount, m = scenario.ServerCount;
        for (int i = 0; i < n; i++)
        {
            if (roles[i] != role || serverOf[i] != Assignment.Local) continue;
            for (int j = 0; j < m; j++)
            {
                if (counts[j] >= cap) continue;
                double gap = DelayModel.Gap(scenario, i, j, counts[j] + 1, interference[j], weighted);
                // Strict '<' keeps the first pair in (user, server) order among equals.
                if (gap < best || (allowInfinite && bi < 0))
                {
                    best = gap;
                    bi = i;
                    bj = j;
                }
            }
        }
        return (bi, bj, best);
    }
}
