using System.CommandLine;
using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Cli.Commands;

/// <summary>Options several commands share, so they are spelled and parsed the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary>--compat: "reference" follows the paper's code (bytes as bits, no guard against infinite delay).</summary>
    public static Option<string> Compat() => new("--compat")
    {
        Description = "Formula set: 'default' (EdgeMargin's corrected model) or 'reference' (the paper code's formulas: payload bytes used as bits, infinite delays allowed).",
        DefaultValueFactory = _ => "default",
    };

    /// <summary>--engine: which greedy machinery runs GOA and the greedy baselines; both decide identically.</summary>
    public static Option<string> Engine() => new("--engine")
    {
        Description = $"Greedy engine; all return identical assignments:{CatalogOptions.Help(GreedyEngineCatalog.All.Entries)}",
        DefaultValueFactory = _ => GreedyEngineCatalog.Default.Name,
    };

    /// <summary>An integer option's value when it is at least <paramref name="min"/>; otherwise a usage error that names the option.</summary>
    public static int AtLeast(ParseResult parse, Option<int> option, int min = 1)
    {
        int value = parse.GetValue(option);
        return value >= min ? value : throw new UsageException($"{option.Name} must be at least {min} (got {value}).");
    }

    /// <summary>A threshold option's value when it lies in [0, 1] (NaN does not); otherwise a usage error that names the option.</summary>
    public static double UnitInterval(ParseResult parse, Option<double> option)
    {
        double value = parse.GetValue(option);
        return value is >= 0 and <= 1 ? value : throw new UsageException($"{option.Name} must lie in [0, 1] (got {value}).");
    }

    /// <summary>The engine --engine names; blank means the default.</summary>
    public static IGreedyEngine ParseEngine(string? value) => string.IsNullOrWhiteSpace(value)
        ? GreedyEngineCatalog.Default
        : CatalogOptions.Parse(GreedyEngineCatalog.All, value, "--engine");

    public static ModelMode ParseCompat(string? value) => (value ?? "default").Trim().ToLowerInvariant() switch
    {
        "default" or "" => ModelMode.Default,
        "reference" or "paper" => ModelMode.Reference,
        var other => throw new UsageException($"--compat '{other}' is not a mode. Use 'default' or 'reference'."),
    };
}
