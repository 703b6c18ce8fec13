using EdgeMargin.Offloading.Policies;

namespace EdgeMargin.Offloading;

/// <summary>Every policy by its command-line name.</summary>
public static class PolicyCatalog
{
    private static readonly Dictionary<string, Func<IOffloadingPolicy>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["goa"] = () => new GoaPolicy(),
        ["local-all"] = () => new LocalAllPolicy(),
        ["edge-all"] = () => new EdgeAllPolicy(),
        ["random"] = () => new RandomPolicy(),
        ["dmin"] = () => new DMinPolicy(),
        ["ga"] = () => new GeneticPolicy(),
        // Exact, for small epochs only (it refuses large ones); not one of the paper's methods.
        ["optimal"] = () => new Optimal.OptimalPolicy(),
    };

    /// <summary>The paper's methods, in the order the paper reports them.</summary>
    public static IReadOnlyList<string> PaperPolicies { get; } = ["goa", "local-all", "edge-all", "random", "dmin", "ga"];

    /// <summary>All registered names.</summary>
    public static IEnumerable<string> Names => Factories.Keys;

    /// <summary>Creates the policy called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="UnknownPolicyException">No such policy; the message lists the known names.</exception>
    public static IOffloadingPolicy Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Factories.TryGetValue(name.Trim(), out var make) ? make() : throw new UnknownPolicyException(name, Factories.Keys);
    }
}
