using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Policies;

/// <summary>
/// Baseline: offloads as many users as GOA does, chosen uniformly at random (seeded), then places them one at a time
/// by the smallest unweighted delay gap. It isolates the value of choosing <em>which</em> users by uncertainty.
/// </summary>
public sealed class RandomPolicy : IOffloadingPolicy
{
    /// <summary>Stream id for the user draw, so it never shares numbers with other uses of the run seed.</summary>
    private const ulong Stream = 0x5EED_0001;

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public Assignment Decide(Scenario scenario, PolicyContext context)
    {
        int n = scenario.UserCount;
        int k = context.TargetOffloadCount ?? new GoaPolicy().Decide(scenario, context).OffloadedCount;
        k = Math.Clamp(k, 0, n);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SeededRandom.ForStream(context.Seed, Stream).PartialShuffle(order, k);
        var roles = new CandidateRole[n];
        for (int r = 0; r < k; r++) roles[order[r]] = CandidateRole.Forced;
        return context.Engine.Run(scenario, roles, weighted: false);
    }
}
