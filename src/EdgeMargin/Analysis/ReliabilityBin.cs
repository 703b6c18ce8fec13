namespace EdgeMargin.Analysis;

/// <summary>One equal-width bin of a reliability diagram.</summary>
/// <param name="Lower">Inclusive lower edge of the predicted probability.</param>
/// <param name="Upper">Upper edge (exclusive, except the last bin, which includes 1).</param>
/// <param name="Count">Predictions in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability in the bin; NaN when empty.</param>
/// <param name="ObservedRate">Fraction of positives in the bin; NaN when empty.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);
