namespace EdgeMargin.Uncertainty;

/// <summary>
/// The paper's signal: u = 1 - (p(1) - p(2)) over the kept entries renormalised to sum to 1.
/// A single kept token means no competitor, so the margin is 1 and u = 0.
/// </summary>
public sealed class MarginSignal : IUncertaintySignal
{
    /// <summary>The shared instance.</summary>
    public static MarginSignal Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "margin";

    /// <inheritdoc />
    public string Description => "the paper's: 1 minus the gap between the two most probable next tokens (renormalised)";

    /// <inheritdoc />
    public double Compute(TopKDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        double p1 = distribution.Normalized(0);
        double p2 = distribution.Count > 1 ? distribution.Normalized(1) : 0;
        return Math.Clamp(1 - (p1 - p2), 0, 1);
    }
}
