namespace EdgeMargin.Serving.Hosting;

/// <summary>What a graceful stop did, for the operator's log.</summary>
/// <param name="InFlightAtStop">Requests being handled when the stop began.</param>
/// <param name="CutAtGrace">Requests still running when the grace period ended, answered 503 (or cut, if already streaming).</param>
/// <param name="Elapsed">From the start of the stop until every request was answered, on the gateway's clock.</param>
/// <param name="DecisionsServed">Decisions answered since the start (local + offload), counted after the drain.</param>
public sealed record DrainReport(int InFlightAtStop, int CutAtGrace, TimeSpan Elapsed, long DecisionsServed);
