using EdgeMargin.Sampling;

namespace EdgeMargin.Radio.Channels;

/// <summary>No small-scale fading: |g|^2 = 1, nothing drawn. What <c>decide</c> uses for positions when no fading seed is given.</summary>
public sealed class NoFading : IFadingModel
{
    /// <summary>The one instance.</summary>
    public static NoFading Instance { get; } = new();

    private NoFading() { }

    /// <inheritdoc />
    public string Name => "none";

    /// <inheritdoc />
    public bool IsRandom => false;

    /// <inheritdoc />
    public double PowerGain(SeededRandom? random) => 1;
}
