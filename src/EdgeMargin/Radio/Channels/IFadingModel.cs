using EdgeMargin.Sampling;

namespace EdgeMargin.Radio.Channels;

/// <summary>
/// The small-scale part of a channel model: the fading power |g|^2 multiplying a link's large-scale gain in one
/// coherence block. Draws come from the generator the caller passes (a block's stream, a link's sub-stream).
/// </summary>
public interface IFadingModel
{
    /// <summary>Name as configs spell it ("rayleigh", "none").</summary>
    string Name { get; }

    /// <summary>Whether <see cref="PowerGain"/> consumes random numbers.</summary>
    bool IsRandom { get; }

    /// <summary>One fading power draw; <paramref name="random"/> may be null only when <see cref="IsRandom"/> is false.</summary>
    double PowerGain(SeededRandom? random);
}
