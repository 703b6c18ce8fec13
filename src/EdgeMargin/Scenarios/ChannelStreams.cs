using EdgeMargin.DiscreteEvents;
using EdgeMargin.Sampling;

namespace EdgeMargin.Scenarios;

/// <summary>
/// Where every channel draw of an epoch comes from. Existing draws keep the streams they always had, so the paper's
/// numbers do not move; every draw a newer model adds has a stream of its own.
/// </summary>
/// <remarks>
/// <para>
/// <b>Monte-Carlo epochs</b> (<see cref="ScenarioGenerator"/>, run seed s):
/// <list type="bullet">
/// <item>geometry stream (<see cref="ScenarioGenerator.GeometryStream"/>): the M server capacities, then per user in
/// order its x, y, the fading of each server in order (two normals each for Rayleigh; none for "none"), and its device
/// capacity. This interleaving is the paper's generator's, and the default channel keeps it draw for draw;</item>
/// <item>large-scale streams: user i's LOS states, environment heights and shadowing, server by server, from
/// sub-stream i of the stream named <see cref="LargeScale"/> (<see cref="RandomStreams.Open(string, long)"/>). Only a
/// random path-loss model (the 3GPP ones) draws here; a user's draws do not depend on how many users the epoch has.</item>
/// </list>
/// Because the 3GPP models leave the geometry stream as it is, an epoch under UMi or UMa has exactly the positions,
/// capacities, fading and queries of the free-space epoch with the same seed: the comparison is paired.
/// </para>
/// <para>
/// <b><c>decide</c> files</b> with a <c>fadingSeed</c> f: fading from <c>new SeededRandom(f)</c>, positioned users in
/// file order (as always); large-scale draws from <see cref="LargeScaleOf"/>(f, i) for user i.
/// </para>
/// <para>
/// <b>Over time</b>: a simulation that redraws fading per coherence block or the large-scale gain when a user moves
/// passes the channel model a generator positioned where it chooses (a sub-stream per block, per link); the models
/// draw a fixed, documented sequence per call and know nothing of the schedule.
/// </para>
/// </remarks>
public static class ChannelStreams
{
    /// <summary>Name of the stream whose sub-stream i holds user i's large-scale channel draws.</summary>
    public const string LargeScale = "channel.large-scale";

    /// <summary>User <paramref name="user"/>'s large-scale sub-stream under <paramref name="seed"/>.</summary>
    public static SeededRandom LargeScaleOf(ulong seed, int user) => new RandomStreams(seed).Open(LargeScale, user);
}
