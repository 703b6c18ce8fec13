namespace EdgeMargin.Analysis;

/// <summary>A threshold chosen on a calibration split.</summary>
/// <param name="Tau">The chosen threshold.</param>
/// <param name="Calibration">What it achieves on the calibration split.</param>
/// <param name="TargetMet">False when no threshold reaches the target; then <paramref name="Tau"/> is the closest one.</param>
public sealed record ThresholdChoice(double Tau, ThresholdOutcome Calibration, bool TargetMet);
