namespace EdgeMargin.Offloading;

/// <summary>The quantities all pairs on one server share in one state; see <see cref="DelayModel.StateOf"/>.</summary>
/// <param name="BandwidthShareHz">B_j / n.</param>
/// <param name="InterferencePlusNoiseW">I_j + N0 B_j.</param>
/// <param name="ComputeShareFlops">min(C_max, C_j / (n + b_j)), b_j the jobs of the server's backlog (0 in the static model).</param>
/// <param name="WaitS">W_j, the wait before a new user's service starts (0 in the static model).</param>
public readonly record struct ServerState(double BandwidthShareHz, double InterferencePlusNoiseW, double ComputeShareFlops, double WaitS = 0);
