using EdgeMargin.Catalogs;
using EdgeMargin.Offloading.Fast;

namespace EdgeMargin.Offloading;

/// <summary>The greedy engines by name, so the CLI and the gateway accept the same spellings. A new engine is one line in <see cref="All"/>.</summary>
public static class GreedyEngineCatalog
{
    /// <summary>Every engine; the first (fast) is the default. They all return identical assignments.</summary>
    public static Catalog<IGreedyEngine> All { get; } = new("engine", "engines")
    {
        FastGreedyEngine.Instance,
        // The paper's wording for the full scan; kept as an alias so "reference" in a config is not a surprise error.
        { DirectGreedyEngine.Instance, "reference" },
    };

    /// <summary>The engine used when none is named: the incremental one (its decisions equal the reference's).</summary>
    public static IGreedyEngine Default => All.Default;
}
