using EdgeMargin.Analysis;

namespace EdgeMargin.Experiments;

/// <summary>A threshold chosen on calibration seeds, with what it achieved there and on the held-out seeds.</summary>
public sealed record TauCalibrationResult
{
    /// <summary>The kind of target.</summary>
    public required TauTarget Target { get; init; }

    /// <summary>The target value: a fraction for offload rate and accuracy, milliseconds for the delay budget.</summary>
    public required double TargetValue { get; init; }

    /// <summary>The chosen threshold.</summary>
    public required double Tau { get; init; }

    /// <summary>False when no threshold met the target; <see cref="Tau"/> is then the closest (see <see cref="TauCalibration"/>).</summary>
    public required bool TargetMet { get; init; }

    /// <summary>First calibration run seed; calibration uses runs Seed + Runs onwards, disjoint from the sweep's.</summary>
    public required ulong CalibrationFirstSeed { get; init; }

    /// <summary>Calibration runs.</summary>
    public required int CalibrationRuns { get; init; }

    /// <summary>Threshold-only outcome on the calibration queries (offload-rate and accuracy targets).</summary>
    public ThresholdOutcome? CalibrationThresholdOnly { get; init; }

    /// <summary>Threshold-only outcome of the chosen tau on the held-out (sweep) seeds' queries.</summary>
    public ThresholdOutcome? HeldOutThresholdOnly { get; init; }

    /// <summary>GOA accuracy (%) at the chosen tau on the calibration seeds, averaged over user counts (delay budget).</summary>
    public double? CalibrationGoaAccuracyPct { get; init; }

    /// <summary>GOA's worst mean delay per user (ms) over user counts at the chosen tau on the calibration seeds (delay budget).</summary>
    public double? CalibrationGoaWorstMeanDelayMs { get; init; }
}
