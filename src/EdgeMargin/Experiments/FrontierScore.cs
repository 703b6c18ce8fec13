namespace EdgeMargin.Experiments;

/// <summary>The area-under-frontier score of one policy at one user count.</summary>
/// <param name="Users">User count N.</param>
/// <param name="Policy">Policy name.</param>
/// <param name="Score">Normalised area in [0, 1]; higher is better (see <see cref="AccuracyDelayFrontier"/>).</param>
/// <param name="DelayLowMs">Lower end of the common delay range (ms, mean per user).</param>
/// <param name="DelayHighMs">Upper end of the common delay range.</param>
/// <param name="Points">Thresholds (sweep points) the policy contributed.</param>
public sealed record FrontierScore(int Users, string Policy, double Score, double DelayLowMs, double DelayHighMs, int Points);
