namespace EdgeMargin.Uncertainty;

/// <summary>
/// Top-2 log-ratio r = ln(p(1) / p(2)) in nats, mapped to u = 1 / (1 + r): r = 0 (a tie) gives 1, a lone token or
/// p(2) = 0 (r infinite) gives 0, and u falls strictly as r grows. The ratio ignores renormalisation, so it is the
/// same on raw or renormalised probabilities; it differs from the margin in weighting small p(2) heavily.
/// </summary>
public sealed class LogRatioSignal : IUncertaintySignal
{
    /// <summary>The shared instance.</summary>
    public static LogRatioSignal Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "log-ratio";

    /// <inheritdoc />
    public string Description => "1 / (1 + ln(p1 / p2)) of the two most probable next tokens";

    /// <inheritdoc />
    public double Compute(TopKDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var p = distribution.Probabilities;
        if (p.Length < 2 || p[1] <= 0) return 0;
        double r = Math.Max(0, Math.Log(p[0] / p[1]));
        return Math.Clamp(1 / (1 + r), 0, 1);
    }
}
