namespace EdgeMargin.Experiments;

/// <summary>
/// Averages over the Monte-Carlo runs of one (users, tau, policy) cell. Delays are per-run sums over users, in ms,
/// then averaged over runs; <see cref="MeanDelayMs"/> is that total divided by the user count.
/// </summary>
public sealed record SweepRow(
    int Users,
    double Tau,
    string Policy,
    int Runs,
    double AccuracyPct,
    double TotalDelayMs,
    double MeanDelayMs,
    double LocalDelayMs,
    double CommDelayMs,
    double EdgeComputeMs,
    double Offloaded,
    double DecisionMs);
