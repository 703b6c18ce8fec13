namespace EdgeMargin.Analysis;

/// <summary>A point estimate with a percentile-bootstrap confidence interval.</summary>
/// <param name="Estimate">The metric on the full sample.</param>
/// <param name="Lower">Lower percentile of the resampled metric (NaN when no resample was defined).</param>
/// <param name="Upper">Upper percentile of the resampled metric.</param>
/// <param name="Resamples">Resamples on which the metric was defined (a resample with one label only is skipped).</param>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, int Resamples);
