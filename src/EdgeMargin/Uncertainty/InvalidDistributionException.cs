namespace EdgeMargin.Uncertainty;

/// <summary>A next-token distribution that cannot be used: NaN, negative or over-unit probabilities, or no usable token.</summary>
public sealed class InvalidDistributionException(string message) : ArgumentException(message);
