namespace EdgeMargin.Scenarios.Input;

/// <summary>
/// One next-token candidate as a client sends it (a <c>decide</c> scenario file or a gateway request): its text and
/// its probability. Both nullable so that a missing one is reported by name rather than read as "" or 0.
/// </summary>
public sealed record TokenEntry
{
    /// <summary>Decoded token text.</summary>
    public string? Token { get; init; }

    /// <summary>Probability in [0, 1] (not a log-probability).</summary>
    public double? Probability { get; init; }
}
