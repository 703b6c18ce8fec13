namespace EdgeMargin.Analysis;

/// <summary>One point of the threshold-only accuracy-versus-offload-rate curve.</summary>
/// <param name="OffloadRate">Fraction offloaded (most uncertain first).</param>
/// <param name="Accuracy">Fraction correct (LLM answers the offloaded, SLM the rest).</param>
public readonly record struct CurvePoint(double OffloadRate, double Accuracy);
