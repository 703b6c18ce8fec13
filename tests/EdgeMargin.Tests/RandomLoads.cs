using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests;

/// <summary>
/// Random backlog snapshots for the backlog-aware gap: idle servers, jobs in service only, waits only, and both; waits from
/// microseconds to seconds (beyond every local time), some exactly 0.15 s (a common local time, for ties), and, when asked,
/// the same load on every server (ties between servers).
/// </summary>
internal static class RandomLoads
{
    public static ServerLoad[] Create(SeededRandom rng, int servers, bool same = false)
    {
        var loads = new ServerLoad[servers];
        for (int j = 0; j < servers; j++)
            loads[j] = same && j > 0 ? loads[0] : rng.NextInt(4) switch
            {
                0 => ServerLoad.Idle,
                1 => new ServerLoad(rng.NextInt(50), 0),
                2 => new ServerLoad(0, Math.Exp(rng.Uniform(-12, 2))),
                _ => new ServerLoad(rng.NextInt(50), rng.NextDouble() < 0.2 ? 0.15 : Math.Exp(rng.Uniform(-12, 2))),
            };
        return loads;
    }
}
