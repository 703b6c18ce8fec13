namespace EdgeMargin.Uncertainty;

/// <summary>A query does not carry what a signal needs (e.g. no answer-token log-probabilities in the source).</summary>
public sealed class SignalUnavailableException(string message) : ArgumentException(message);
