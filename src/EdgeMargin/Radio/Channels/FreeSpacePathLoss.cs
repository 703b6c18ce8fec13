using EdgeMargin.Sampling;

namespace EdgeMargin.Radio.Channels;

/// <summary>
/// Free-space path loss, the paper's model: power gain (c / (4 pi f d))^2, with d clamped below at a minimum distance
/// so a user standing on a server keeps a finite gain. Deterministic: nothing is drawn.
/// </summary>
/// <param name="carrierHz">Carrier frequency f, Hz.</param>
/// <param name="speedOfLightMps">c, m/s (the reference code uses 3e8).</param>
/// <param name="minDistanceM">Distances below this are treated as this, metres.</param>
public sealed class FreeSpacePathLoss(double carrierHz, double speedOfLightMps, double minDistanceM) : IPathLossModel
{
    /// <summary>Name in configs.</summary>
    public const string ModelName = "free-space";

    /// <summary>Carrier frequency, Hz.</summary>
    public double CarrierHz { get; } = carrierHz;

    /// <summary>Speed of light, m/s.</summary>
    public double SpeedOfLightMps { get; } = speedOfLightMps;

    /// <summary>Clamp distance, metres.</summary>
    public double MinDistanceM { get; } = minDistanceM;

    /// <inheritdoc />
    public string Name => ModelName;

    /// <inheritdoc />
    public bool IsRandom => false;

    /// <summary>The power gain of <paramref name="link"/> (no draw; the same doubles the generator always computed).</summary>
    public double PowerGain(in Link link) => PathLoss.FreeSpacePowerGain(link.Distance2DM, CarrierHz, SpeedOfLightMps, MinDistanceM);

    /// <inheritdoc />
    public LargeScaleGain Draw(in Link link, SeededRandom? random)
    {
        double gain = PowerGain(link);
        return new LargeScaleGain(gain, true, -10 * Math.Log10(gain), 0);
    }
}
