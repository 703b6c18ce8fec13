using EdgeMargin.Scenarios.Input;

namespace EdgeMargin.Serving.Decisions;

/// <summary>
/// Body of <c>POST /v1/offload/decide</c>: one device's query in the coming epoch. Every field is nullable so a missing
/// one is reported by name instead of silently becoming zero. It is the core's <see cref="UserInput"/> as a device
/// sends it (no position, no evaluation fields; <c>deviceId</c> and <c>localComputeS</c> for <c>id</c> and
/// <c>localTimeS</c>), and <see cref="DecideRequestValidator"/> maps it onto the core's epoch-input builder.
/// </summary>
public sealed record DecideRequest
{
    /// <summary>The device's identifier (free text, echoed in the epoch record).</summary>
    public string? DeviceId { get; init; }

    /// <summary>Uncertainty u in [0, 1] already computed on the device (give this or <see cref="TopK"/>).</summary>
    public double? Uncertainty { get; init; }

    /// <summary>The local model's next-token candidates; the gateway applies the reference merge and the margin signal.</summary>
    public IReadOnlyList<TokenEntry?>? TopK { get; init; }

    /// <summary>Prompt size in bytes (UTF-8).</summary>
    public double? PayloadBytes { get; init; }

    /// <summary>The device's own estimate of its local answer time, seconds.</summary>
    public double? LocalComputeS { get; init; }

    /// <summary>Device compute capacity C_i, FLOP/s; default C_L.</summary>
    public double? DeviceCapacityFlops { get; init; }

    /// <summary>Channel power gain |h_j|^2 to each configured server, in config order (give this or <see cref="SnrDb"/>).</summary>
    public IReadOnlyList<double>? ChannelGains { get; init; }

    /// <summary>Interference-free SNR to each server in dB, in config order; converted to |h|^2 = 10^(snr/10) N0 B_j / P.</summary>
    public IReadOnlyList<double>? SnrDb { get; init; }
}
