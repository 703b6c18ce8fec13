namespace EdgeMargin.Serving.Load;

/// <summary>What a load test measured. Latencies are client-side round trips of the decide call, epoch window included.</summary>
public sealed record LoadTestReport
{
    public required string Url { get; init; }
    public required int Users { get; init; }
    public required double TargetRate { get; init; }
    public required double DurationS { get; init; }
    public required double ElapsedS { get; init; }
    public required long Sent { get; init; }
    /// <summary>Requests answered with a decision.</summary>
    public required long Decided { get; init; }
    public required long Local { get; init; }
    public required long Offload { get; init; }
    /// <summary>Refused by the gateway's backpressure (503/429).</summary>
    public required long Rejected { get; init; }
    /// <summary>Other failures: unreachable, other statuses, bad answers.</summary>
    public required long Errors { get; init; }
    /// <summary>No decision within the client's deadline.</summary>
    public required long TimedOut { get; init; }
    /// <summary>Requests whose device would have answered locally because the gateway failed it: rejected + errors + timed out.</summary>
    public required long Fallbacks { get; init; }
    /// <summary>Decisions per second over the run.</summary>
    public required double ThroughputPerS { get; init; }
    public required double LatencyMeanMs { get; init; }
    public required double LatencyP50Ms { get; init; }
    public required double LatencyP90Ms { get; init; }
    public required double LatencyP99Ms { get; init; }
    public required double LatencyMaxMs { get; init; }
    /// <summary>Distinct epochs seen in the answers.</summary>
    public required long Epochs { get; init; }
    /// <summary>Mean requests per epoch, over the answers.</summary>
    public required double MeanEpochSize { get; init; }
    /// <summary>First few failure messages, for diagnosis.</summary>
    public required IReadOnlyList<string> SampleFailures { get; init; }
}
