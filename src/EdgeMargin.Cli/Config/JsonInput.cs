using System.Text.Json;
using EdgeMargin.Scenarios.Json;

namespace EdgeMargin.Cli.Config;

/// <summary>Reads the JSON files users hand the CLI, strictly: unknown fields are errors (they are usually typos).</summary>
internal static class JsonInput
{
    /// <summary>The core's strict configuration, shared with the gateway's config (see <see cref="StrictJson"/>).</summary>
    public static JsonSerializerOptions Options => StrictJson.Options;

    /// <summary>Deserialises <paramref name="path"/>; every failure becomes a <see cref="UsageException"/> naming the file.</summary>
    public static T Load<T>(string path, string what) where T : class
    {
        if (!File.Exists(path)) throw new UsageException($"{what} file '{path}' does not exist. Check the path.");
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Options)
                ?? throw new UsageException($"{what} file '{path}' holds JSON null; it must be an object.");
        }
        catch (JsonException ex)
        {
            string where = ex.Path is { Length: > 0 } p ? $" at {p}" : "";
            string line = ex.LineNumber is long l ? $" (line {l + 1}, position {ex.BytePositionInLine + 1})" : "";
            throw new UsageException($"{what} file '{path}' is not valid{where}{line}: {FirstSentence(ex.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] + "." : message;
    }
}
