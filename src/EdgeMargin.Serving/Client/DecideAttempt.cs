using EdgeMargin.Serving.Decisions;

namespace EdgeMargin.Serving.Client;

/// <summary>The outcome of asking the gateway: a decision, or why there is none (the device then answers locally).</summary>
/// <param name="Decision">The decision, or null.</param>
/// <param name="Failure">Why no decision came back (null on success).</param>
/// <param name="StatusCode">HTTP status when the gateway answered (0 when it could not be reached or timed out).</param>
/// <param name="Elapsed">Round-trip time.</param>
public sealed record DecideAttempt(DecideResponse? Decision, string? Failure, int StatusCode, TimeSpan Elapsed);
