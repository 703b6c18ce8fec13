namespace EdgeMargin.Offloading.Optimal;

/// <summary>An epoch too large for an exact search; the message gives the limits and the epoch's size.</summary>
public sealed class ProblemTooLargeException(string message) : ArgumentException(message);
