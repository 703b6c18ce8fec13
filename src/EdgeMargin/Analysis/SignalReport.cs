namespace EdgeMargin.Analysis;

/// <summary>How one signal does on a set of queries. Metrics are NaN when undefined (see <see cref="RankingMetrics"/>).</summary>
public sealed record SignalReport
{
    /// <summary>The signal's name.</summary>
    public required string Signal { get; init; }

    /// <summary>Why the signal could not be computed on these queries, or null when it was.</summary>
    public string? Unavailable { get; init; }

    /// <summary>Queries scored.</summary>
    public int Queries { get; init; }

    /// <summary>Fraction of queries the SLM answers wrongly (the positive rate; AUPRC's random baseline).</summary>
    public double SlmErrorRate { get; init; } = double.NaN;

    /// <summary>AUROC for detecting SLM errors, with its bootstrap interval.</summary>
    public ConfidenceInterval Auroc { get; init; } = new(double.NaN, double.NaN, double.NaN, 0);

    /// <summary>Average precision for detecting SLM errors.</summary>
    public double Auprc { get; init; } = double.NaN;

    /// <summary>Prediction–rejection ratio.</summary>
    public double Prr { get; init; } = double.NaN;

    /// <summary>ECE of the isotonic-calibrated P(SLM wrong), fitted on the calibration split, measured on the held-out split.</summary>
    public double Ece { get; init; } = double.NaN;

    /// <summary>ECE of the raw score read as P(SLM wrong), on the held-out split (how far the score is from a probability as it stands).</summary>
    public double EceRaw { get; init; } = double.NaN;

    /// <summary>Reliability bins of the calibrated predictions on the held-out split.</summary>
    public IReadOnlyList<ReliabilityBin> Reliability { get; init; } = [];

    /// <summary>The signal <see cref="AurocDelta"/> is measured against (the first signal evaluated), or null.</summary>
    public string? Reference { get; init; }

    /// <summary>AUROC of this signal minus the reference's, with a paired bootstrap interval; null for the reference itself.</summary>
    public ConfidenceInterval? AurocDelta { get; init; }

    /// <summary>Threshold-only accuracy when offloading the most uncertain fraction, over all queries.</summary>
    public IReadOnlyList<CurvePoint> AccuracyVsOffloadRate { get; init; } = [];
}
