using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMargin.Scenarios.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeMargin.Cli.Config;

/// <summary>
/// Reads a config or scenario file people keep: JSON, or YAML when the name ends in .yaml or .yml. A YAML file is turned
/// into the JSON it spells and read by the same strict reader (<see cref="JsonInput"/>), so the two forms of one
/// configuration give the same values bit for bit, and unknown fields, wrong kinds and missing values are refused the
/// same way.
/// </summary>
/// <remarks>
/// Scalars follow the YAML 1.2 core schema: plain <c>null</c>, <c>~</c> or nothing is null, <c>true</c>/<c>false</c>
/// are booleans, plain numbers (<c>1e8</c>, <c>3.5e9</c>, <c>.inf</c>) are numbers, and everything else, or anything
/// quoted, is a string. Anchors and aliases are resolved by YamlDotNet; tags are not interpreted.
/// </remarks>
internal static partial class ConfigFile
{
    /// <summary>Whether <paramref name="path"/> names a YAML file.</summary>
    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Deserialises <paramref name="path"/> (JSON or YAML); every failure is a <see cref="UsageException"/> naming the file.</summary>
    public static T Load<T>(string path, string what) where T : class
    {
        if (!IsYaml(path)) return JsonInput.Load<T>(path, what);
        if (!File.Exists(path)) throw new UsageException($"{what} file '{path}' does not exist. Check the path.");
        JsonNode? node = ToJson(path, what);
        if (node is null) throw new UsageException($"{what} file '{path}' is empty; it must hold a mapping.");
        try
        {
            return node.Deserialize<T>(StrictJson.Options)
                ?? throw new UsageException($"{what} file '{path}' holds null; it must be a mapping.");
        }
        catch (JsonException ex)
        {
            string where = ex.Path is { Length: > 0 } p ? $" at {p}" : "";
            int cut = ex.Message.IndexOf(". Path:", StringComparison.Ordinal);
            throw new UsageException($"{what} file '{path}' is not valid{where}: {(cut > 0 ? ex.Message[..cut] + "." : ex.Message)}");
        }
    }

    /// <summary>The JSON a YAML file spells (null for an empty file).</summary>
    public static JsonNode? ToJson(string path, string what)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new UsageException($"{what} file '{path}' is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}");
        }
        if (stream.Documents.Count == 0) return null;
        if (stream.Documents.Count > 1) throw new UsageException($"{what} file '{path}' holds {stream.Documents.Count} YAML documents; give one.");
        return Convert(stream.Documents[0].RootNode, path, what);
    }

    private static JsonNode? Convert(YamlNode node, string path, string what) => node switch
    {
        YamlMappingNode map => Mapping(map, path, what),
        YamlSequenceNode list => new JsonArray(list.Children.Select(c => Convert(c, path, what)).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new UsageException($"{what} file '{path}' line {node.Start.Line}: this kind of YAML node is not supported."),
    };

    private static JsonObject Mapping(YamlMappingNode map, string path, string what)
    {
        var o = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw new UsageException($"{what} file '{path}' line {key.Start.Line}: mapping keys must be plain names.");
            if (o.ContainsKey(name))
                throw new UsageException($"{what} file '{path}' line {key.Start.Line}: '{name}' is given twice.");
            o[name] = Convert(value, path, what);
        }
        return o;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return JsonValue.Create(double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF": return JsonValue.Create(double.NegativeInfinity);
            case ".nan" or ".NaN" or ".NAN": return JsonValue.Create(double.NaN);
        }
        // A literal JSON would read as a number is kept as that literal, so the JSON reader parses the same characters
        // a JSON file would give it (an integer field stays an integer); other YAML numbers (+1, .5, 1.) go through double.
        if (JsonNumber().IsMatch(text)) return JsonNode.Parse(text);
        if (YamlNumber().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlNumber();
}
