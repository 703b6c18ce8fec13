using EdgeMargin.Radio;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests;

/// <summary>
/// Seeded random epochs with the awkward cases policies must survive: u exactly 0 or exactly tau, zero-byte
/// prompts, dead channels (default mode only, where they are guarded), repeated values that cause ties.
/// </summary>
internal static class RandomScenarios
{
    public static Scenario Create(int users, int servers, ulong seed, double tau, SystemParameters? parameters = null, bool deadChannels = true)
    {
        var p = parameters ?? SystemParameters.Default;
        var rng = new SeededRandom(seed);
        var demands = new UserDemand[users];
        var gains = new double[users * servers];
        for (int i = 0; i < users; i++)
        {
            double r = rng.NextDouble();
            double u = r < 0.1 ? 0 : r < 0.2 ? tau : r < 0.25 ? 1 : rng.NextDouble();
            demands[i] = new UserDemand
            {
                Id = $"u{i}",
                Uncertainty = u,
                PayloadBytes = rng.NextDouble() < 0.1 ? 0 : Math.Round(rng.Uniform(50, 3000)),
                LocalDelayS = rng.NextDouble() < 0.2 ? 0.15 : rng.Uniform(0.01, 0.6),
                DeviceCapacityFlops = p.Physical.LocalCapacityFlops * rng.Uniform(0.5, 1.5),
                LlmReferenceTimeS = rng.Uniform(0.1, 0.8),
                SlmCorrect = rng.NextDouble() < 0.5,
                LlmCorrect = rng.NextDouble() < 0.6,
            };
            for (int j = 0; j < servers; j++)
            {
                bool dead = deadChannels && p.ExcludesInfeasiblePairs && rng.NextDouble() < 0.05;
                gains[i * servers + j] = dead ? 0 : PathLoss.FreeSpacePowerGain(rng.Uniform(5, 700), p.Physical.CarrierHz) * RayleighFading.DrawPowerGain(rng);
            }
        }
        var es = Enumerable.Range(0, servers)
            .Select(j => new EdgeServer($"es{j}", double.NaN, double.NaN, p.Physical.BandwidthHz, p.Generator.EdgeCapacityMultiplier * p.Physical.EdgeUserCapFlops * rng.Uniform(0.6, 1.4)))
            .ToArray();
        return Scenario.Create(p, demands, es, gains);
    }
}
