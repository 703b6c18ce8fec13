using EdgeMargin.Sampling;

namespace EdgeMargin.Radio.Channels;

/// <summary>
/// The large-scale part of a channel model: path loss, and for stochastic models the link's line-of-sight state and
/// shadowing, for one (user, server) link. Implementations are immutable and thread-safe; all randomness comes from
/// the generator the caller passes, so the caller decides which stream and which position in it a link draws from.
/// </summary>
/// <remarks>
/// Split from <see cref="IFadingModel"/> as ns-3 splits propagation loss from fast fading: the large-scale state of a
/// link changes when a user moves (a new call with the new geometry), the small-scale state every coherence block (a
/// new fading draw), and a simulation over time redraws each on its own schedule and its own stream.
/// </remarks>
public interface IPathLossModel
{
    /// <summary>Name as configs spell it (e.g. "free-space", "3gpp-umi").</summary>
    string Name { get; }

    /// <summary>
    /// Whether <see cref="Draw"/> consumes random numbers (a line-of-sight state, shadowing). A caller that has no
    /// stream to give (a <c>decide</c> file without a seed) must refuse such a model rather than pass null.
    /// </summary>
    bool IsRandom { get; }

    /// <summary>
    /// The large-scale gain of <paramref name="link"/>. A random model draws a fixed, documented sequence from
    /// <paramref name="random"/> per call, so the same generator state gives the same link.
    /// </summary>
    /// <param name="link">Where user and server stand.</param>
    /// <param name="random">The link's stream; may be null only when <see cref="IsRandom"/> is false.</param>
    LargeScaleGain Draw(in Link link, SeededRandom? random);
}
