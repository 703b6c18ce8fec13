namespace EdgeMargin.Experiments;

/// <summary>
/// What one policy did on one Monte-Carlo run of one (users, tau) cell: the per-run values a <see cref="SweepRow"/>
/// averages. Every policy of a cell sees the same epoch (same seed), so two policies' outcomes of the same run are a
/// pair (see <see cref="PairedComparison"/>).
/// </summary>
/// <param name="Users">User count N.</param>
/// <param name="Tau">Threshold.</param>
/// <param name="Policy">Policy name.</param>
/// <param name="Run">Run index r (0-based).</param>
/// <param name="Seed">The run's seed (sweep seed + r).</param>
/// <param name="AccuracyPct">Share of users answered correctly, in % (NaN when the workload has no correctness labels).</param>
/// <param name="TotalDelayMs">Sum over users of each user's delay, ms.</param>
/// <param name="LocalDelayMs">Sum of local compute delays, ms.</param>
/// <param name="CommDelayMs">Sum of uplink delays, ms.</param>
/// <param name="EdgeComputeMs">Sum of edge compute delays, ms.</param>
/// <param name="Offloaded">Users offloaded.</param>
/// <param name="DecisionMs">Wall-clock decision time, ms (0 when not measured).</param>
/// <param name="UnservedForced">Users with u &gt; tau left local for want of a finite-delay server.</param>
public readonly record struct RunOutcome(
    int Users,
    double Tau,
    string Policy,
    int Run,
    ulong Seed,
    double AccuracyPct,
    double TotalDelayMs,
    double LocalDelayMs,
    double CommDelayMs,
    double EdgeComputeMs,
    int Offloaded,
    double DecisionMs,
    int UnservedForced)
{
    /// <summary>Total delay divided by the user count, ms.</summary>
    public double MeanDelayMs => TotalDelayMs / Users;
}
