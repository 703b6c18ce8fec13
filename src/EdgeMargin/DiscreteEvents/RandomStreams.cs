using EdgeMargin.Sampling;

namespace EdgeMargin.DiscreteEvents;

/// <summary>
/// The named random streams of one simulation run. Every purpose (arrivals, fading, mobility, ...) draws from its own
/// stream, and per-entity purposes (device 17's arrivals) from their own sub-stream, so adding a draw to one purpose
/// never moves the numbers another purpose sees, and a device's numbers do not depend on how many other devices exist.
/// </summary>
/// <remarks>
/// Two kinds of draw. A sequential stream (<see cref="Open(string)"/>, <see cref="Open(string, long)"/>) is a
/// <see cref="SeededRandom"/> from <see cref="SeededRandom.ForStream"/>; use it where one owner consumes numbers in a
/// fixed order (a device's inter-arrival times). A keyed draw (<see cref="Uniform"/>) is a pure function of the seed,
/// the stream and up to three integer keys; use it where the order of use depends on the model's own choices (the
/// fading of link (device, server) in coherence block b is needed only when that device is decided, which depends on the
/// policy), so that every policy sees the same channel for the same instant. Stream identifiers are a 64-bit FNV-1a hash
/// of the name: stable across machines and runtime versions, unlike <see cref="string.GetHashCode()"/>.
/// </remarks>
public sealed class RandomStreams
{
    /// <summary>Creates the streams of the run seeded with <paramref name="seed"/>.</summary>
    public RandomStreams(ulong seed) => Seed = seed;

    /// <summary>The run seed.</summary>
    public ulong Seed { get; }

    /// <summary>The stable identifier of the stream called <paramref name="name"/>.</summary>
    public static ulong StreamId(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ulong h = 14695981039346656037UL;
        foreach (char c in name)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }

    /// <summary>The sequential stream called <paramref name="name"/>.</summary>
    public SeededRandom Open(string name) => SeededRandom.ForStream(Seed, StreamId(name));

    /// <summary>Sub-stream <paramref name="index"/> of the stream called <paramref name="name"/> (e.g. one per device).</summary>
    public SeededRandom Open(string name, long index) => SeededRandom.ForStream(Seed, Mix(StreamId(name) ^ Mix((ulong)index + 0x632BE59BD9B4E019UL)));

    /// <summary>
    /// A uniform draw in [0, 1) that depends only on the seed, <paramref name="stream"/> (see <see cref="StreamId"/>) and
    /// the keys: the same arguments give the same number whenever and however often it is asked for.
    /// </summary>
    public double Uniform(ulong stream, long key1, long key2 = 0, long key3 = 0)
    {
        ulong h = Mix(Seed ^ stream);
        h = Mix(h ^ (ulong)key1);
        h = Mix(h ^ ((ulong)key2 * 0x9E3779B97F4A7C15UL));
        h = Mix(h ^ ((ulong)key3 * 0xC2B2AE3D27D4EB4FUL));
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>An exponential draw with mean 1, keyed like <see cref="Uniform"/> (inversion: -ln(1 - U)).</summary>
    public double Exponential(ulong stream, long key1, long key2 = 0, long key3 = 0) => -Math.Log(1 - Uniform(stream, key1, key2, key3));

    /// <summary>SplitMix64's finaliser: a bijection of 64-bit words whose output bits each depend on every input bit.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
