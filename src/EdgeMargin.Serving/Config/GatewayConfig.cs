using System.Text.Json;
using EdgeMargin.Scenarios.Json;

namespace EdgeMargin.Serving.Config;

/// <summary>Reads and validates the gateway's JSON config strictly: unknown fields are errors (they are usually typos).</summary>
public static class GatewayConfig
{
    /// <summary>The core's strict configuration, the same the CLI reads its files with (see <see cref="StrictJson"/>).</summary>
    internal static JsonSerializerOptions JsonOptions => StrictJson.Options;

    /// <summary>Loads <paramref name="path"/>; throws <see cref="GatewayConfigException"/> naming the file and every problem.</summary>
    public static GatewayOptions Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new GatewayConfigException(path, [$"the file does not exist; check the path (working directory: {Environment.CurrentDirectory})."]);
        // Files the config names (certificate, keys) are found beside it, wherever serve was started from.
        return Parse(File.ReadAllText(path), path).ResolvedAgainst(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses and validates config JSON text; <paramref name="source"/> names it in messages.</summary>
    public static GatewayOptions Parse(string json, string source = "(inline)")
    {
        GatewayOptions? options;
        try { options = JsonSerializer.Deserialize<GatewayOptions>(json, JsonOptions); }
        catch (JsonException ex)
        {
            string where = ex.Path is { Length: > 0 } p ? $" at {p}" : "";
            string line = ex.LineNumber is long l ? $" (line {l + 1}, position {ex.BytePositionInLine + 1})" : "";
            throw new GatewayConfigException(source, [$"not valid JSON{where}{line}: {Trim(ex.Message)}"]);
        }
        if (options is null) throw new GatewayConfigException(source, ["the file holds JSON null; it must be an object."]);
        var problems = options.Validate();
        if (problems.Count > 0) throw new GatewayConfigException(source, problems);
        return options;
    }

    internal static string Trim(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
