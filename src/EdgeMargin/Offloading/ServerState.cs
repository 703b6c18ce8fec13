namespace EdgeMargin.Offloading;

/// <summary>The quantities all pairs on one server share in one state; see <see cref="DelayModel.StateOf"/>.</summary>
/// <param name="BandwidthShareHz">B_j / n.</param>
/// <param name="InterferencePlusNoiseW">I_j + N0 B_j.</param>
/// <param name="ComputeShareFlops">min(C_max, C_j / n).</param>
public readonly record struct ServerState(double BandwidthShareHz, double InterferencePlusNoiseW, double ComputeShareFlops);
