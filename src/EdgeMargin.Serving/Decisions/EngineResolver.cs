using System.Reflection;
using EdgeMargin.Offloading;

namespace EdgeMargin.Serving.Decisions;

/// <summary>Maps the config's engine name to an <see cref="IGreedyEngine"/>.</summary>
internal static class EngineResolver
{
    /// <summary>
    /// "direct" is the reference engine. "fast" is the incremental engine in EdgeMargin.Offloading.Fast; it is looked up
    /// by name so this library builds whether or not that engine is in the tree, and asking for it when it is missing is
    /// a clear configuration error rather than a silent fallback.
    /// </summary>
    public static IGreedyEngine Resolve(string name)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "direct":
                return DirectGreedyEngine.Instance;
            case "fast":
                var type = typeof(IGreedyEngine).Assembly.GetType("EdgeMargin.Offloading.Fast.FastGreedyEngine");
                if (type is null) throw new ArgumentException("engine 'fast' is not available in this build (no EdgeMargin.Offloading.Fast.FastGreedyEngine); use 'direct'.");
                var instance = type.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
                    ?? Activator.CreateInstance(type);
                return instance as IGreedyEngine ?? throw new ArgumentException("engine 'fast' does not implement IGreedyEngine in this build; use 'direct'.");
            default:
                throw new ArgumentException($"engine '{name}' is not an engine; use 'direct' or 'fast'.");
        }
    }
}
