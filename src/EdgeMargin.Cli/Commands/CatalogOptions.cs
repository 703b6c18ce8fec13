using EdgeMargin.Catalogs;
using EdgeMargin.Cli.Config;

namespace EdgeMargin.Cli.Commands;

/// <summary>
/// Options that name catalog entries (--policy, --policies, --signal, --signals, --engine): their help lists and their
/// errors are generated from the catalogs, so a newly registered policy, signal or engine is accepted and documented
/// on the command line without touching it.
/// </summary>
internal static class CatalogOptions
{
    /// <summary>
    /// One line per entry, label and description in two columns, each line starting with a newline so it goes after
    /// the option's own sentence; System.CommandLine's help keeps the breaks and indents the lines under the option.
    /// </summary>
    public static string Help<T>(IEnumerable<CatalogEntry<T>> entries) where T : class, INamed
    {
        var list = entries.ToArray();
        int width = list.Max(e => e.Label.Length) + 2;
        return string.Concat(list.Select(e => $"\n  {e.Label.PadRight(width)}{e.Description}")) + "\n";
    }

    /// <summary>Every name of <paramref name="items"/>, comma-separated (the default of a list option).</summary>
    public static string Names<T>(IEnumerable<T> items) where T : INamed => string.Join(',', items.Select(i => i.Name));

    /// <summary>The entry named <paramref name="value"/>; an unknown name is a usage error that names the flag and lists the valid names.</summary>
    public static T Parse<T>(Catalog<T> catalog, string? value, string flag) where T : class, INamed
        => catalog.TryGet(value, out var item) ? item : throw new UsageException($"{flag}: {catalog.Unknown(value).Message}");

    /// <summary>
    /// The entries of a comma list; each unknown name adds a problem to <paramref name="problems"/> (so it is reported
    /// with the command's other problems) and is left out.
    /// </summary>
    public static IReadOnlyList<T> ParseList<T>(Catalog<T> catalog, string text, string flag, ICollection<string> problems) where T : class, INamed
    {
        var found = new List<T>();
        foreach (string name in ListParser.Names(text, flag))
        {
            if (catalog.TryGet(name, out var item)) found.Add(item);
            else problems.Add($"{flag}: {catalog.Unknown(name).Message}");
        }
        return found;
    }
}
