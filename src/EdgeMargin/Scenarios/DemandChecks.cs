namespace EdgeMargin.Scenarios;

/// <summary>
/// The bounds every user and server value of an epoch must meet, defined once: <see cref="Scenario.Create"/> and the
/// epoch-input builder (<see cref="Input.EpochInputBuilder"/>) both apply them, so input the builder accepts always
/// forms a valid scenario. Each check returns null when the value is fine, else what is wrong as a verb phrase
/// ("must lie in [0, 1] (got 1.3)") that the caller puts after the field's path.
/// </summary>
internal static class DemandChecks
{
    public static string? Uncertainty(double u) => u >= 0 && u <= 1 ? null : $"must lie in [0, 1] (got {u})";

    public static string? PayloadBytes(double bytes) => bytes >= 0 && !double.IsInfinity(bytes) ? null : $"must be a finite number of bytes >= 0 (got {bytes})";

    public static string? LocalTimeS(double seconds) => Positive(seconds, "seconds");

    public static string? DeviceCapacityFlops(double flops) => Positive(flops, "FLOP/s");

    public static string? LlmTimeS(double seconds) => Positive(seconds, "seconds");

    public static string? ChannelGain(double gain) => gain >= 0 && !double.IsInfinity(gain) ? null : $"must be a finite number >= 0 (got {gain})";

    public static string? BandwidthHz(double hz) => Positive(hz, "Hz");

    public static string? CapacityFlops(double flops) => Positive(flops, "FLOP/s");

    private static string? Positive(double value, string unit) => value > 0 && !double.IsInfinity(value) ? null : $"must be a finite number of {unit} > 0 (got {value})";
}
