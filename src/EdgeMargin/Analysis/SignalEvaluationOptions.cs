namespace EdgeMargin.Analysis;

/// <summary>Settings of a signal evaluation.</summary>
public sealed record SignalEvaluationOptions
{
    /// <summary>Equal-width bins for ECE and the reliability diagram (10).</summary>
    public int Bins { get; init; } = 10;

    /// <summary>Seed for the calibration split and the bootstrap (42).</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Bootstrap resamples for the AUROC interval (1000).</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>Fraction of queries the isotonic map is fitted on; the rest measure ECE (0.5).</summary>
    public double CalibrationFraction { get; init; } = 0.5;

    /// <summary>Points of the accuracy-versus-offload-rate curve, evenly spaced in rate (51: every 2 %).</summary>
    public int CurvePoints { get; init; } = 51;
}
