using EdgeMargin.Radio.Channels;
using EdgeMargin.Sampling;

namespace EdgeMargin.Scenarios.Input;

/// <summary>
/// How <see cref="EpochInputBuilder"/> turns a user's position into gains: the channel model and the streams its two
/// parts draw from. Fading draws come from one generator in user order; large-scale draws (LOS state, shadowing) from
/// user i's sub-stream of <see cref="LargeScaleSeed"/> (<see cref="ChannelStreams.LargeScaleOf"/>).
/// </summary>
/// <param name="Model">The channel model.</param>
/// <param name="Fading">Generator the fading draws come from; required when the model's fading is random.</param>
/// <param name="LargeScaleSeed">Seed of the large-scale sub-streams; required when the model's path loss is random.</param>
public sealed record PositionChannel(ChannelModel Model, SeededRandom? Fading = null, ulong? LargeScaleSeed = null)
{
    /// <summary>Free-space gains without fading (what <c>decide</c> does for positions when no fading seed is given).</summary>
    public static PositionChannel FreeSpace(PhysicalConstants physical)
        => new(new ChannelModel(new FreeSpacePathLoss(physical.CarrierHz, physical.SpeedOfLightMps, physical.MinDistanceM), NoFading.Instance));

    /// <summary>Throws when a part of the model that draws has no stream to draw from (a caller's mistake, not input's).</summary>
    internal void EnsureStreams()
    {
        if (Model.Fading.IsRandom && Fading is null)
            throw new ArgumentException($"Fading '{Model.Fading.Name}' draws random numbers; give the position channel a fading generator.");
        if (Model.PathLoss.IsRandom && LargeScaleSeed is null)
            throw new ArgumentException($"Path-loss model '{Model.PathLoss.Name}' draws random numbers; give the position channel a large-scale seed.");
    }
}
