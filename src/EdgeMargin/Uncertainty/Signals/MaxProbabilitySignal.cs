namespace EdgeMargin.Uncertainty;

/// <summary>
/// u = 1 - p(1), with p(1) the model's own probability of its top (merged) token, not renormalised: mass the model
/// put outside the kept entries is doubt too, so it counts against confidence.
/// </summary>
public sealed class MaxProbabilitySignal : IUncertaintySignal
{
    /// <summary>The shared instance.</summary>
    public static MaxProbabilitySignal Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "max-prob";

    /// <inheritdoc />
    public string Description => "1 minus the top next token's probability";

    /// <inheritdoc />
    public double Compute(TopKDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        return Math.Clamp(1 - distribution.Probabilities[0], 0, 1);
    }
}
