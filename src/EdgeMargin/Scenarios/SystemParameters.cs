namespace EdgeMargin.Scenarios;

/// <summary>
/// Every constant of the system model (section 3 of the system-model note), each with the paper's value as default.
/// Immutable; change values with <c>with</c>.
/// </summary>
public sealed record SystemParameters
{
    /// <summary>Formula set: <see cref="ModelMode.Default"/> (corrected) or <see cref="ModelMode.Reference"/> (paper code).</summary>
    public ModelMode Mode { get; init; } = ModelMode.Default;

    /// <summary>Side of the square deployment area, metres (D = 500).</summary>
    public double AreaSideM { get; init; } = 500;

    /// <summary>Carrier frequency, Hz (f = 3.5 GHz).</summary>
    public double CarrierHz { get; init; } = 3.5e9;

    /// <summary>Speed of light used in the path-loss formula, m/s (the reference uses 3e8).</summary>
    public double SpeedOfLightMps { get; init; } = 3e8;

    /// <summary>Distances below this are clamped to it so path gain stays finite for a user standing on a server.</summary>
    public double MinDistanceM { get; init; } = 1;

    /// <summary>Uplink bandwidth of each edge server, shared equally by its users, Hz (B = 1e8).</summary>
    public double BandwidthHz { get; init; } = 1e8;

    /// <summary>Device transmit power, W (P = 0.2).</summary>
    public double TransmitPowerW { get; init; } = 0.2;

    /// <summary>Noise power spectral density, W/Hz (N0 = 4e-21, i.e. -174 dBm/Hz); noise power is N0 * B.</summary>
    public double NoiseDensityWPerHz { get; init; } = 4e-21;

    /// <summary>Reference local compute capacity C_L, FLOP/s (91.06e12); measured times are relative to it.</summary>
    public double LocalCapacityFlops { get; init; } = 91.06e12;

    /// <summary>Device capacity is C_L * U(min, max); lower factor (0.5).</summary>
    public double DeviceCapacityMinFactor { get; init; } = 0.5;

    /// <summary>Device capacity upper factor (1.5).</summary>
    public double DeviceCapacityMaxFactor { get; init; } = 1.5;

    /// <summary>Largest compute share one user can get on an edge server, C_max, FLOP/s (1513e12).</summary>
    public double EdgeUserCapFlops { get; init; } = 1513e12;

    /// <summary>Edge server capacity is multiplier * C_max * U(min, max); multiplier (10).</summary>
    public double EdgeCapacityMultiplier { get; init; } = 10;

    /// <summary>Edge capacity lower factor (0.6).</summary>
    public double EdgeCapacityMinFactor { get; init; } = 0.6;

    /// <summary>Edge capacity upper factor (1.4).</summary>
    public double EdgeCapacityMaxFactor { get; init; } = 1.4;

    /// <summary>LLM/SLM parameter ratio used to estimate edge compute time at decision time (8B / 1B = 8).</summary>
    public double ParameterRatio { get; init; } = 8;

    /// <summary>
    /// Optional admission cap: at most this many users per edge server (null = unlimited, as in the paper).
    /// </summary>
    public int? MaxUsersPerServer { get; init; }

    /// <summary>The corrected model with the paper's constants.</summary>
    public static SystemParameters Default { get; } = new();

    /// <summary>The reference code's formulas and constants.</summary>
    public static SystemParameters Reference { get; } = new() { Mode = ModelMode.Reference };

    /// <summary>Bits sent per payload byte: 8 in the default model, 1 in the reference (its byte count is used as bits).</summary>
    public double BitsPerPayloadByte => Mode == ModelMode.Reference ? 1 : 8;

    /// <summary>Whether pairs with a non-finite delay are excluded from every decision.</summary>
    public bool ExcludesInfeasiblePairs => Mode != ModelMode.Reference;

    /// <summary>Checks every value; returns the problems found (empty when valid), each naming the field and the fix.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Positive(double v, string name)
        {
            if (!(v > 0) || double.IsInfinity(v)) errors.Add($"{name} must be a finite number > 0 (got {v}).");
        }
        Positive(AreaSideM, nameof(AreaSideM));
        Positive(CarrierHz, nameof(CarrierHz));
        Positive(SpeedOfLightMps, nameof(SpeedOfLightMps));
        Positive(MinDistanceM, nameof(MinDistanceM));
        Positive(BandwidthHz, nameof(BandwidthHz));
        Positive(TransmitPowerW, nameof(TransmitPowerW));
        Positive(NoiseDensityWPerHz, nameof(NoiseDensityWPerHz));
        Positive(LocalCapacityFlops, nameof(LocalCapacityFlops));
        Positive(DeviceCapacityMinFactor, nameof(DeviceCapacityMinFactor));
        Positive(DeviceCapacityMaxFactor, nameof(DeviceCapacityMaxFactor));
        Positive(EdgeUserCapFlops, nameof(EdgeUserCapFlops));
        Positive(EdgeCapacityMultiplier, nameof(EdgeCapacityMultiplier));
        Positive(EdgeCapacityMinFactor, nameof(EdgeCapacityMinFactor));
        Positive(EdgeCapacityMaxFactor, nameof(EdgeCapacityMaxFactor));
        Positive(ParameterRatio, nameof(ParameterRatio));
        if (DeviceCapacityMinFactor > DeviceCapacityMaxFactor)
            errors.Add($"{nameof(DeviceCapacityMinFactor)} ({DeviceCapacityMinFactor}) must not exceed {nameof(DeviceCapacityMaxFactor)} ({DeviceCapacityMaxFactor}).");
        if (EdgeCapacityMinFactor > EdgeCapacityMaxFactor)
            errors.Add($"{nameof(EdgeCapacityMinFactor)} ({EdgeCapacityMinFactor}) must not exceed {nameof(EdgeCapacityMaxFactor)} ({EdgeCapacityMaxFactor}).");
        if (MaxUsersPerServer is < 1)
            errors.Add($"{nameof(MaxUsersPerServer)} must be at least 1 when set (got {MaxUsersPerServer}); leave it unset for no cap.");
        return errors;
    }
}
