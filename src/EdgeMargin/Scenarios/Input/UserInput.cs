namespace EdgeMargin.Scenarios.Input;

/// <summary>
/// One user's query in an epoch as a client describes it, before validation: the uncertainty or the small model's
/// top-k list, the query's sizes and times, and the channel as gains, SNRs or a position. Every field is nullable so a
/// missing one is named instead of becoming zero. <see cref="EpochInputBuilder"/> turns it into a
/// <see cref="UserDemand"/> and a gain row. The property names are the JSON names of a <c>decide</c> scenario file;
/// the gateway maps its request onto this (see <see cref="UserInputNames"/> for the names it spells differently).
/// </summary>
public sealed record UserInput
{
    /// <summary>Stable identifier; when missing the builder uses the caller's fallback (e.g. "u3") or reports it.</summary>
    public string? Id { get; init; }

    /// <summary>Uncertainty u in [0, 1] already computed (give this or <see cref="TopK"/>).</summary>
    public double? Uncertainty { get; init; }

    /// <summary>The small model's next-token candidates; the builder applies the reference merge and the signal.</summary>
    public IReadOnlyList<TokenEntry?>? TopK { get; init; }

    /// <summary>Prompt size in bytes (UTF-8).</summary>
    public double? PayloadBytes { get; init; }

    /// <summary>Local answer time on this device, seconds.</summary>
    public double? LocalTimeS { get; init; }

    /// <summary>Device compute capacity C_i, FLOP/s; default C_L.</summary>
    public double? DeviceCapacityFlops { get; init; }

    /// <summary>Measured large-model time on reference hardware, seconds (evaluation only).</summary>
    public double? LlmTimeS { get; init; }

    /// <summary>Whether the small model answers correctly (evaluation only).</summary>
    public bool? SlmCorrect { get; init; }

    /// <summary>Whether the large model answers correctly (evaluation only).</summary>
    public bool? LlmCorrect { get; init; }

    /// <summary>Position, metres; with <see cref="Y"/> it gives channel gains through the channel model.</summary>
    public double? X { get; init; }

    /// <summary>Position, metres.</summary>
    public double? Y { get; init; }

    /// <summary>Channel power gain |h_j|^2 to each server, in server order.</summary>
    public IReadOnlyList<double>? ChannelGains { get; init; }

    /// <summary>Interference-free SNR to each server in dB, in server order; |h|^2 = 10^(snr/10) N0 B_j / P.</summary>
    public IReadOnlyList<double>? SnrDb { get; init; }
}
