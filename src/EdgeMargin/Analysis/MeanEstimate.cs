using MathNet.Numerics.Distributions;

namespace EdgeMargin.Analysis;

/// <summary>
/// A sample mean with its standard error and a two-sided Student-t confidence interval:
/// mean ± t(1 − (1 − level)/2, n − 1) · s / √n, s the sample standard deviation (n − 1 in the denominator).
/// </summary>
/// <remarks>
/// The t interval, not a bootstrap: Monte-Carlo runs are independent draws, the means of 100–500 of them are close to
/// normal for every quantity a sweep reports (bounded accuracies, delays with finite variance), and the t interval is
/// exact under normality, deterministic (no resampling seed) and cheap enough to compute for every cell of every
/// sweep. For very few runs (n &lt; 30) of a skewed quantity it is approximate; that is stated where it is shown.
/// The t quantile comes from MathNet.Numerics (checked against the standard table in the tests). A sample with a
/// non-finite value (an infinite delay in <c>--compat reference</c>) has a non-finite mean and NaN error and bounds;
/// one value has NaN error and bounds (no spread to estimate).
/// </remarks>
/// <param name="Mean">The sample mean.</param>
/// <param name="StandardError">s / √n.</param>
/// <param name="Lower">Lower bound of the interval.</param>
/// <param name="Upper">Upper bound of the interval.</param>
/// <param name="Count">Sample size n.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
public sealed record MeanEstimate(double Mean, double StandardError, double Lower, double Upper, int Count, double Level)
{
    /// <summary>The confidence level every output uses unless told otherwise.</summary>
    public const double DefaultLevel = 0.95;

    /// <summary>Half the interval's width (t · SE).</summary>
    public double HalfWidth => (Upper - Lower) / 2;

    /// <summary>Estimates the mean of <paramref name="values"/> with a t interval at <paramref name="level"/>.</summary>
    public static MeanEstimate Of(ReadOnlySpan<double> values, double level = DefaultLevel)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1.");
        int n = values.Length;
        if (n == 0) return new(double.NaN, double.NaN, double.NaN, double.NaN, 0, level);
        double sum = 0;
        foreach (double v in values) sum += v;
        double mean = sum / n;
        if (n == 1 || !double.IsFinite(mean)) return new(mean, double.NaN, double.NaN, double.NaN, n, level);
        // Two passes: the textbook one-pass formula loses digits when the mean is large against the spread (delays in ms).
        double squares = 0;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        double se = Math.Sqrt(squares / (n - 1) / n);
        double t = TQuantile(1 - (1 - level) / 2, n - 1);
        return new(mean, se, mean - t * se, mean + t * se, n, level);
    }

    /// <summary>The <paramref name="p"/> quantile of Student's t with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double TQuantile(double p, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        return StudentT.InvCDF(0, 1, degreesOfFreedom, p);
    }
}
