using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Policies;

/// <summary>
/// Baseline: offloads a given number of users (the paper: as many as GOA), chosen uniformly at random (seeded), then
/// places them one at a time by the smallest unweighted delay gap. It isolates the value of choosing <em>which</em>
/// users by uncertainty.
/// </summary>
/// <remarks>
/// The count comes from an <see cref="IOffloadCountSource"/>; the default, <see cref="SameCountAs"/> GOA, reuses the
/// GOA decision of the same epoch when the caller recorded one in <see cref="PolicyContext.Memo"/> (a sweep that lists
/// GOA before random, as the paper's order does), so random's decision time then excludes GOA's run, as it did when
/// the runner passed the count in. Without such a record random runs GOA itself, and its decision time includes it.
/// </remarks>
/// <param name="counts">How many users to offload; null means as many as GOA.</param>
public sealed class RandomPolicy(IOffloadCountSource? counts = null) : IOffloadingPolicy
{
    /// <summary>Stream id for the user draw, so it never shares numbers with other uses of the run seed.</summary>
    private const ulong Stream = 0x5EED_0001;

    /// <summary>Where the offload count comes from.</summary>
    public IOffloadCountSource Counts { get; } = counts ?? new SameCountAs(GoaPolicy.Instance);

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public string Description => $"offloads {Counts.Description}, chosen at random (seeded), placed by the unweighted gap";

    /// <inheritdoc />
    public Assignment Decide(Scenario scenario, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(context);
        int n = scenario.UserCount;
        int k = Math.Clamp(Counts.Count(scenario, context), 0, n);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SeededRandom.ForStream(context.Seed, Stream).PartialShuffle(order, k);
        var roles = new CandidateRole[n];
        for (int r = 0; r < k; r++) roles[order[r]] = CandidateRole.Forced;
        return context.Engine.Run(context.DecisionScenario(scenario), roles, weighted: false);
    }
}
