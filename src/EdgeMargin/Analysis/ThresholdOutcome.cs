namespace EdgeMargin.Analysis;

/// <summary>What offloading every query with u &gt; tau achieves, in the threshold-only view.</summary>
/// <param name="Tau">The threshold.</param>
/// <param name="OffloadRate">Fraction of queries with u &gt; tau.</param>
/// <param name="Accuracy">Fraction correct when offloaded queries take the LLM's answer and the rest the SLM's.</param>
public sealed record ThresholdOutcome(double Tau, double OffloadRate, double Accuracy);
