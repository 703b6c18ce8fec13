using EdgeMargin.Sampling;

namespace EdgeMargin.Radio.Channels;

/// <summary>
/// A link's channel power gain |h_ij|^2 = large-scale gain (path loss, LOS state, shadowing) x small-scale fading, as
/// two parts that draw from streams the caller chooses. The seam every producer of gains goes through: the Monte-Carlo
/// generator, <c>decide</c>'s positions, and (later) a simulation over time that redraws fading each coherence block
/// and the large-scale gain when a user moves, without knowing what either part draws.
/// </summary>
/// <remarks>
/// Modelled on ns-3's split of a propagation-loss model (with its channel-condition model for LOS) from fast fading,
/// each with its own assigned random stream. The paper's channel is <see cref="FreeSpacePathLoss"/> x
/// <see cref="RayleighFadingModel"/>; the 3GPP TR 38.901 scenarios replace the first part and keep Rayleigh fading.
/// </remarks>
/// <param name="pathLoss">The large-scale part.</param>
/// <param name="fading">The small-scale part.</param>
public sealed class ChannelModel(IPathLossModel pathLoss, IFadingModel fading)
{
    /// <summary>Path loss, LOS state and shadowing.</summary>
    public IPathLossModel PathLoss { get; } = pathLoss ?? throw new ArgumentNullException(nameof(pathLoss));

    /// <summary>Small-scale fading.</summary>
    public IFadingModel Fading { get; } = fading ?? throw new ArgumentNullException(nameof(fading));

    /// <summary>"path-loss + fading", e.g. "3gpp-umi + rayleigh".</summary>
    public string Name => $"{PathLoss.Name} + {Fading.Name}";

    /// <summary>
    /// |h|^2 of <paramref name="link"/>: the large-scale gain drawn from <paramref name="largeScale"/>, then the fading
    /// drawn from <paramref name="fading"/> (in that order, which the paper's generator relies on), multiplied.
    /// </summary>
    public double PowerGain(in Link link, SeededRandom? largeScale, SeededRandom? fading)
    {
        double gain = PathLoss.Draw(link, largeScale).PowerGain;
        return gain * Fading.PowerGain(fading);
    }
}
