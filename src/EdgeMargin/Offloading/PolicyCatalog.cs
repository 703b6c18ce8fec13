using EdgeMargin.Catalogs;
using EdgeMargin.Offloading.Optimal;
using EdgeMargin.Offloading.Policies;

namespace EdgeMargin.Offloading;

/// <summary>Every policy the command line and outputs know by name. A new policy is one line in <see cref="All"/>.</summary>
public static class PolicyCatalog
{
    /// <summary>
    /// Every policy, the paper's six first in the order the paper reports them; the first (GOA) is the default. New
    /// policies go after the six (<see cref="Paper"/> is the first six entries).
    /// </summary>
    public static Catalog<IOffloadingPolicy> All { get; } = new("policy", "policies")
    {
        GoaPolicy.Instance,
        new LocalAllPolicy(),
        new EdgeAllPolicy(),
        new RandomPolicy(new SameCountAs(GoaPolicy.Instance)),
        new DMinPolicy(),
        new GeneticPolicy(),
        new OptimalPolicy(),
    };

    /// <summary>The paper's methods, in the order the paper reports them (what a sweep runs by default).</summary>
    public static IReadOnlyList<IOffloadingPolicy> Paper { get; } = All.Take(6).ToArray();
}
