using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>
/// The objective GOA approximates, evaluated on a whole assignment: the sum over offloaded users of
/// u_i (t_comm + t_edge_estimate - t_local) under the final bandwidth split, compute share and interference.
/// Lower is better; +infinity when a user is sent where it cannot be served. The GA and the exact optimum minimise it.
/// </summary>
public static class PaperObjective
{
    /// <summary>Objective value of <paramref name="serverOfUser"/>; <paramref name="weighted"/> = false drops the u_i weights.</summary>
    public static double Evaluate(Scenario scenario, ReadOnlySpan<int> serverOfUser, bool weighted = true)
    {
        int m = scenario.ServerCount;
        Span<int> counts = m <= 256 ? stackalloc int[m] : new int[m];
        Span<double> interference = m <= 256 ? stackalloc double[m] : new double[m];
        DelayModel.Counts(serverOfUser, counts);
        int cap = scenario.Parameters.Admission.MaxUsersPerServer ?? int.MaxValue;
        for (int j = 0; j < m; j++) if (counts[j] > cap) return double.PositiveInfinity;
        DelayModel.Interference(scenario, serverOfUser, interference);
        double total = 0;
        for (int i = 0; i < serverOfUser.Length; i++)
        {
            int j = serverOfUser[i];
            if (j == Assignment.Local) continue;
            total += DelayModel.Gap(scenario, i, j, counts[j], interference[j], weighted);
        }
        return total;
    }
}
