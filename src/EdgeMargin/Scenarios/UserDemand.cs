namespace EdgeMargin.Scenarios;

/// <summary>One user's query in an epoch: what the policies read about it and what the evaluator scores.</summary>
public sealed record UserDemand
{
    /// <summary>Stable identifier reported in assignments.</summary>
    public required string Id { get; init; }

    /// <summary>Uncertainty score u in [0, 1] of the small model on this query (higher = less sure).</summary>
    public required double Uncertainty { get; init; }

    /// <summary>Prompt size L_i in bytes (UTF-8).</summary>
    public required double PayloadBytes { get; init; }

    /// <summary>Local answer time t_local on this device, seconds (already scaled by the device's capacity).</summary>
    public required double LocalDelayS { get; init; }

    /// <summary>Device compute capacity C_i, FLOP/s; t_local * C_i is the small model's work.</summary>
    public required double DeviceCapacityFlops { get; init; }

    /// <summary>
    /// Measured large-model time on reference hardware of capacity C_L, seconds; the evaluator scales it by C_L / share.
    /// Null when unknown: the evaluator then uses the same estimate as the decision (parameter ratio x small-model work).
    /// </summary>
    public double? LlmReferenceTimeS { get; init; }

    /// <summary>Whether the small model answers this query correctly (null when unknown).</summary>
    public bool? SlmCorrect { get; init; }

    /// <summary>Whether the large model answers this query correctly (null when unknown).</summary>
    public bool? LlmCorrect { get; init; }

    /// <summary>Position, metres (NaN when only channel gains are known).</summary>
    public double X { get; init; } = double.NaN;

    /// <summary>Position, metres (NaN when only channel gains are known).</summary>
    public double Y { get; init; } = double.NaN;
}
