using EdgeMargin.Offloading.Fast;

namespace EdgeMargin.Offloading;

/// <summary>The greedy engines by name, so the CLI and the gateway accept the same spellings.</summary>
public static class GreedyEngineCatalog
{
    private static readonly Dictionary<string, IGreedyEngine> Engines = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fast"] = FastGreedyEngine.Instance,
        ["direct"] = DirectGreedyEngine.Instance,
        // The paper's wording for the full scan; kept as an alias so "reference" in a config is not a surprise error.
        ["reference"] = DirectGreedyEngine.Instance,
    };

    /// <summary>The engine used when none is named: the incremental one (its decisions equal the reference's).</summary>
    public static IGreedyEngine Default => FastGreedyEngine.Instance;

    /// <summary>Accepted names.</summary>
    public static IEnumerable<string> Names => Engines.Keys;

    /// <summary>Finds the engine called <paramref name="name"/> (case-insensitive, surrounding spaces ignored).</summary>
    public static bool TryGet(string? name, out IGreedyEngine engine)
    {
        engine = Default;
        if (string.IsNullOrWhiteSpace(name)) return true;
        if (Engines.TryGetValue(name.Trim(), out var found)) { engine = found; return true; }
        return false;
    }

    /// <summary>The engine called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such engine; the message lists the accepted names.</exception>
    public static IGreedyEngine Get(string? name) => TryGet(name, out var engine)
        ? engine
        : throw new ArgumentException($"engine '{name}' is not an engine; use 'fast' (the default) or 'direct' (the reference full scan).", nameof(name));
}
