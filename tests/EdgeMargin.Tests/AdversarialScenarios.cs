using EdgeMargin.Offloading;
using EdgeMargin.Radio;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests;

/// <summary>
/// Seeded epochs built to make two greedy engines disagree if they can: copies of the same user (exact ties in every
/// gap), copies of the same server, users dead on every server and dead pairs in both model modes (so reference mode
/// places forced users at +infinity), u exactly 0 (weighted gaps of exactly +-0), zero-byte prompts, caps of one or two
/// that fill mid-phase, M = 1, N = 0 and N = 1, and role patterns from all forced to none.
/// </summary>
internal static class AdversarialScenarios
{
    /// <summary>The role patterns each epoch is run with.</summary>
    public static IEnumerable<(string Name, CandidateRole[] Roles)> RolePatterns(Scenario s, double tau, ulong seed)
    {
        int n = s.UserCount;
        yield return ("goa", Enumerable.Range(0, n).Select(i => s.Uncertainty[i] > tau ? CandidateRole.Forced : CandidateRole.Optional).ToArray());
        yield return ("all forced", Enumerable.Repeat(CandidateRole.Forced, n).ToArray());
        yield return ("all optional", Enumerable.Repeat(CandidateRole.Optional, n).ToArray());
        yield return ("all excluded", Enumerable.Repeat(CandidateRole.Excluded, n).ToArray());
        var rng = new SeededRandom(seed ^ 0xBADC0FFEE);
        yield return ("mixed", Enumerable.Range(0, n).Select(_ => (CandidateRole)rng.NextInt(3)).ToArray());
    }

    public static Scenario Create(ulong seed, out double tau)
    {
        var rng = new SeededRandom(seed);
        // Small sizes dominate: the corner cases live there.
        int n = rng.NextDouble() switch { < 0.1 => 0, < 0.2 => 1, < 0.6 => rng.NextInt(8) + 2, _ => rng.NextInt(40) + 2 };
        int m = rng.NextDouble() < 0.3 ? 1 : rng.NextInt(9) + 1;
        int? cap = rng.NextDouble() switch { < 0.4 => null, < 0.7 => 1, < 0.85 => 2, _ => rng.NextInt(5) + 1 };
        var p = (rng.Bernoulli(0.5) ? SystemParameters.Default : SystemParameters.Reference) with { Admission = new() { MaxUsersPerServer = cap } };
        tau = rng.NextDouble() switch { < 0.15 => 0, < 0.3 => 1, _ => rng.NextDouble() };

        bool sameServers = rng.Bernoulli(0.3);
        double capacity = p.Generator.EdgeCapacityMultiplier * p.Physical.EdgeUserCapFlops * rng.Uniform(0.6, 1.4);
        var servers = Enumerable.Range(0, m)
            .Select(j => new EdgeServer($"es{j}", double.NaN, double.NaN, p.Physical.BandwidthHz,
                sameServers ? capacity : p.Generator.EdgeCapacityMultiplier * p.Physical.EdgeUserCapFlops * rng.Uniform(0.6, 1.4)))
            .ToArray();

        // A few prototypes; most users are exact copies of one, so whole rows of gaps tie.
        int kinds = rng.NextInt(3) + 1;
        var prototypes = new (UserDemand User, double[] Gains)[kinds];
        for (int k = 0; k < kinds; k++) prototypes[k] = RandomUser(rng, p, m, tau, sameServers, $"proto{k}");
        var users = new UserDemand[n];
        var gains = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            var (user, row) = rng.Bernoulli(0.6) ? prototypes[rng.NextInt(kinds)] : RandomUser(rng, p, m, tau, sameServers, "");
            users[i] = user with { Id = $"u{i}" };
            row.CopyTo(gains, i * m);
        }
        return Scenario.Create(p, users, servers, gains);
    }

    private static (UserDemand, double[]) RandomUser(SeededRandom rng, SystemParameters p, int m, double tau, bool sameServers, string id)
    {
        double r = rng.NextDouble();
        double u = r < 0.2 ? 0 : r < 0.3 ? tau : r < 0.4 ? 1 : rng.NextDouble();
        var user = new UserDemand
        {
            Id = id,
            Uncertainty = u,
            PayloadBytes = rng.Bernoulli(0.1) ? 0 : Math.Round(rng.Uniform(50, 3000)),
            LocalDelayS = rng.Bernoulli(0.2) ? 0.15 : rng.Uniform(0.01, 0.6),
            DeviceCapacityFlops = p.Physical.LocalCapacityFlops * rng.Uniform(0.5, 1.5),
            LlmReferenceTimeS = rng.Uniform(0.1, 0.8),
        };
        var gains = new double[m];
        bool deadEverywhere = rng.Bernoulli(0.1);
        double shared = PathLoss.FreeSpacePowerGain(rng.Uniform(5, 700), p.Physical.CarrierHz) * RayleighFading.DrawPowerGain(rng);
        for (int j = 0; j < m; j++)
            gains[j] = deadEverywhere || rng.Bernoulli(0.1) ? 0
                : sameServers ? shared
                : PathLoss.FreeSpacePowerGain(rng.Uniform(5, 700), p.Physical.CarrierHz) * RayleighFading.DrawPowerGain(rng);
        return (user, gains);
    }
}
