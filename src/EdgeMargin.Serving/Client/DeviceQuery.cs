using EdgeMargin.Uncertainty;

namespace EdgeMargin.Serving.Client;

/// <summary>
/// One query on a device: the prompt, what the local model said about its next token, the local time estimate and
/// the channel report. Give <see cref="TopK"/> (the client computes the signal) or a precomputed <see cref="Uncertainty"/>.
/// </summary>
public sealed record DeviceQuery
{
    /// <summary>Identifier of this device.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The prompt; its UTF-8 size is the payload, and it is what an edge server answers.</summary>
    public required string Prompt { get; init; }

    /// <summary>The local model's next-token candidates at the first answer position (3K most probable).</summary>
    public IReadOnlyList<TokenProbability>? TopK { get; init; }

    /// <summary>Uncertainty already computed on the device, used when <see cref="TopK"/> is null.</summary>
    public double? Uncertainty { get; init; }

    /// <summary>Estimated local answer time, seconds.</summary>
    public required double LocalComputeS { get; init; }

    /// <summary>Device compute capacity, FLOP/s (null: the gateway assumes C_L).</summary>
    public double? DeviceCapacityFlops { get; init; }

    /// <summary>|h|^2 to each gateway server, in the gateway's server order (or <see cref="SnrDb"/>).</summary>
    public IReadOnlyList<double>? ChannelGains { get; init; }

    /// <summary>SNR in dB to each server, in the gateway's server order.</summary>
    public IReadOnlyList<double>? SnrDb { get; init; }
}
