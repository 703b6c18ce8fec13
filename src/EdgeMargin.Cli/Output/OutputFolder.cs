using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeMargin.Cli.Output;

/// <summary>
/// An output directory that holds one run's files only. A previous run's files (listed in its run.json under
/// <c>files</c>) that the new run does not write again are deleted once the new run has written all of its own, so a
/// folder never mixes the plots of two runs, and a run that fails part-way leaves the previous results whole. A folder
/// with output-like files (results.csv, a figure) but no run.json of ours is refused, unless <c>--force</c> says to
/// write over them: they may be someone's results. Other files (a config kept beside its results) are left alone.
/// </summary>
internal sealed class OutputFolder
{
    /// <summary>The manifest every run writes, which lists the run's files.</summary>
    public const string Manifest = "run.json";

    private readonly string _directory;
    private readonly IReadOnlyList<string> _previous;

    private OutputFolder(string directory, IReadOnlyList<string> previous) => (_directory, _previous) = (directory, previous);

    /// <summary>The directory's path as given.</summary>
    public string Path => _directory;

    /// <summary>
    /// Checks <paramref name="directory"/> before any work: creates it when missing, reads the previous run's file list
    /// when there is one, and refuses a non-empty folder of foreign files unless <paramref name="force"/>.
    /// </summary>
    public static OutputFolder Prepare(string directory, bool force, string flag = "--out")
    {
        if (File.Exists(directory))
            throw new UsageException($"{flag} '{directory}' is a file, not a directory. Choose a directory for the results.");
        try { Directory.CreateDirectory(directory); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{flag} '{directory}' cannot be created ({ex.Message}). Choose a writable location.");
        }
        string manifest = System.IO.Path.Combine(directory, Manifest);
        var previous = File.Exists(manifest) ? PreviousFiles(manifest) : null;
        if (previous is null && !force && Directory.EnumerateFiles(directory).Select(System.IO.Path.GetFileName).OfType<string>().FirstOrDefault(LooksLikeOutput) is string clash)
            throw new UsageException($"{flag} '{directory}' holds '{clash}' but no {Manifest} of a previous run, so it is not known to be ours to replace. " +
                "Choose an empty or new directory, or pass --force to overwrite such files (nothing else is deleted).");
        return new OutputFolder(directory, previous ?? []);
    }

    /// <summary>A name this tool's runs write: a CSV of results or a figure.</summary>
    private static bool LooksLikeOutput(string name) =>
        name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The previous run's files: its run.json's <c>files</c>, or for a run.json written before that list existed, the
    /// names such runs wrote (results, frontier and the PNG plots), so upgrading does not leave stale plots behind.
    /// </summary>
    private static IReadOnlyList<string>? PreviousFiles(string manifest)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(manifest));
            if (node is not JsonObject o || o["tool"]?.GetValue<string>() != "edgemargin") return null;
            if (o["files"] is JsonArray files) return files.Select(f => f?.GetValue<string>()).OfType<string>().ToArray();
            string directory = System.IO.Path.GetDirectoryName(manifest)!;
            return Directory.EnumerateFiles(directory)
                .Select(System.IO.Path.GetFileName).OfType<string>()
                .Where(f => f is "results.csv" or "frontier.csv" || f.EndsWith(".png", StringComparison.Ordinal))
                .ToArray();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// After every new file is written: deletes the previous run's files that <paramref name="written"/> does not name.
    /// Only plain names inside this folder are touched, whatever a run.json lists.
    /// </summary>
    public void RemoveStale(IEnumerable<string> written)
    {
        var keep = new HashSet<string>(written.Select(System.IO.Path.GetFileName).OfType<string>(), StringComparer.Ordinal) { Manifest };
        foreach (string name in _previous)
        {
            if (keep.Contains(name) || name != System.IO.Path.GetFileName(name)) continue;
            string path = System.IO.Path.Combine(_directory, name);
            if (File.Exists(path)) File.Delete(path);
        }
    }

    /// <summary>The run.json entry: the names of <paramref name="written"/>, sorted, for the next run to clean up.</summary>
    public static JsonArray FileList(IEnumerable<string> written) =>
        new(written.Select(System.IO.Path.GetFileName).OfType<string>().Append(Manifest).Distinct().Order(StringComparer.Ordinal)
            .Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
}
