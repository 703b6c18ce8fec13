using EdgeMargin.Sampling;

namespace EdgeMargin.Radio.Channels;

/// <summary>
/// Rayleigh block fading, the paper's: g ~ CN(0, 1), so |g|^2 is exponential with mean 1. Each draw takes two
/// standard normals (one polar-method pair) from the caller's generator, as <see cref="RayleighFading"/> always has.
/// </summary>
public sealed class RayleighFadingModel : IFadingModel
{
    /// <summary>The one instance (the model has no parameters).</summary>
    public static RayleighFadingModel Instance { get; } = new();

    private RayleighFadingModel() { }

    /// <inheritdoc />
    public string Name => "rayleigh";

    /// <inheritdoc />
    public bool IsRandom => true;

    /// <inheritdoc />
    public double PowerGain(SeededRandom? random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return RayleighFading.DrawPowerGain(random);
    }
}
