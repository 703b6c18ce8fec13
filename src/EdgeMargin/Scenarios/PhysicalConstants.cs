namespace EdgeMargin.Scenarios;

/// <summary>
/// The physical and hardware constants of the system model (docs/system-model.md, sections 3-5 and 10): radio link, noise and
/// the two compute capacities every delay formula divides by. Each has the paper's value as default. Immutable; change
/// values with <c>with</c>.
/// </summary>
/// <remarks>
/// These are what a deployment *is*, as opposed to how the Monte-Carlo generator draws one
/// (<see cref="GeneratorDistributions"/>) or how a decision estimates work (<see cref="EdgeTimeEstimate"/>): a
/// decided epoch (<c>decide</c>, the gateway) needs these and nothing else.
/// </remarks>
public sealed record PhysicalConstants
{
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

    /// <summary>Largest compute share one user can get on an edge server, C_max, FLOP/s (1513e12).</summary>
    public double EdgeUserCapFlops { get; init; } = 1513e12;

    /// <summary>The paper's constants.</summary>
    public static PhysicalConstants Paper { get; } = new();

    /// <summary>Every problem, each naming the field by its JSON path (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Validate(problems, "");
        return problems;
    }

    internal void Validate(List<string> problems, string prefix)
    {
        FieldChecks.Positive(problems, prefix + "carrierHz", CarrierHz);
        FieldChecks.Positive(problems, prefix + "speedOfLightMps", SpeedOfLightMps);
        FieldChecks.Positive(problems, prefix + "minDistanceM", MinDistanceM);
        FieldChecks.Positive(problems, prefix + "bandwidthHz", BandwidthHz);
        FieldChecks.Positive(problems, prefix + "transmitPowerW", TransmitPowerW);
        FieldChecks.Positive(problems, prefix + "noiseDensityWPerHz", NoiseDensityWPerHz);
        FieldChecks.Positive(problems, prefix + "localCapacityFlops", LocalCapacityFlops);
        FieldChecks.Positive(problems, prefix + "edgeUserCapFlops", EdgeUserCapFlops);
    }
}
