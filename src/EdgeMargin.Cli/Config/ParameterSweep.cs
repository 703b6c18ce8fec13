using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EdgeMargin.Scenarios;
using EdgeMargin.Scenarios.Json;
using EdgeMargin.Workloads;

namespace EdgeMargin.Cli.Config;

/// <summary>
/// <c>simulate --sweep NAME=LIST</c>: one sweep per combination of the listed values of any config field, named by its
/// JSON path in the config file (<c>physical.bandwidthHz</c> for <c>parameters.physical.bandwidthHz</c>,
/// <c>workload.marginAlpha</c>, <c>channel.model</c>) or <c>servers</c> (the server count, placed on the grid).
/// </summary>
/// <remarks>
/// The valid names are generated from the types' own JSON (every field the config file accepts and run.json writes),
/// so a field added to <see cref="SystemParameters"/> or <see cref="SyntheticWorkloadOptions"/> can be swept with no
/// change here. A value is applied by writing it into the JSON of the configuration and reading that back through the
/// same strict reader a config file goes through, so a swept value is checked exactly as a value in a file is.
/// </remarks>
internal sealed class ParameterSweep
{
    /// <summary>The name that sweeps the number of servers on the grid.</summary>
    public const string ServerCount = "servers";

    private static readonly JsonSerializerOptions Writer = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>One swept field: its name as given (normalised to the documented spelling) and its values as JSON.</summary>
    public sealed record Dimension(string Name, IReadOnlyList<JsonNode?> Values)
    {
        /// <summary>A value as it is written in results.csv and run.json (invariant culture, no quotes).</summary>
        public static string Text(JsonNode? value) => value switch
        {
            null => "null",
            JsonValue v when v.TryGetValue(out string? s) => s,
            JsonValue v when v.TryGetValue(out double d) => d.ToString("G10", CultureInfo.InvariantCulture),
            _ => value.ToJsonString(),
        };
    }

    /// <summary>The swept fields in the order given; the first varies slowest.</summary>
    public IReadOnlyList<Dimension> Dimensions { get; }

    private ParameterSweep(IReadOnlyList<Dimension> dimensions) => Dimensions = dimensions;

    /// <summary>Every name <c>--sweep</c> accepts, with each field's default, generated from the config types.</summary>
    public static IReadOnlyList<(string Name, JsonNode? Default)> ValidNames()
    {
        var names = new List<(string, JsonNode?)> { (ServerCount, JsonValue.Create(4)) };
        Leaves(JsonSerializer.SerializeToNode(SystemParameters.Default, Writer), "", names, skip: "mode");
        Leaves(JsonSerializer.SerializeToNode(new SyntheticWorkloadOptions(), Writer), "workload.", names);
        Leaves(JsonSerializer.SerializeToNode(ChannelOptions.Paper, Writer), "channel.", names);
        return names;
    }

    private static void Leaves(JsonNode? node, string prefix, List<(string, JsonNode?)> into, string? skip = null)
    {
        if (node is not JsonObject o) return;
        foreach (var (key, value) in o)
        {
            if (key == skip) continue;
            if (value is JsonObject child) Leaves(child, prefix + key + ".", into);
            else into.Add((prefix + key, value?.DeepClone()));
        }
    }

    /// <summary>Parses every <c>--sweep</c>; null when none was given. Unknown names and bad values throw <see cref="UsageException"/>.</summary>
    public static ParameterSweep? Parse(IReadOnlyList<string>? specs)
    {
        if (specs is null || specs.Count == 0) return null;
        var valid = ValidNames().ToList();
        var dimensions = new List<Dimension>();
        var problems = new List<string>();
        foreach (string spec in specs)
        {
            int eq = spec.IndexOf('=');
            if (eq <= 0 || eq == spec.Length - 1) { problems.Add($"--sweep '{spec}' is not NAME=LIST (e.g. --sweep physical.bandwidthHz=2e7,5e7,1e8)."); continue; }
            string given = spec[..eq].Trim(), list = spec[(eq + 1)..];
            string key = given.StartsWith("parameters.", StringComparison.OrdinalIgnoreCase) ? given["parameters.".Length..] : given;
            int found = valid.FindIndex(v => string.Equals(v.Name, key, StringComparison.OrdinalIgnoreCase));
            if (found < 0)
            {
                problems.Add($"--sweep: '{given}' is not a field that can be swept. Valid names: {string.Join(", ", valid.Select(v => v.Name))}.");
                continue;
            }
            var (name, fallback) = valid[found];
            if (dimensions.Any(d => d.Name == name)) { problems.Add($"--sweep: '{name}' is given twice; list all its values in one --sweep."); continue; }
            try { dimensions.Add(new Dimension(name, Values(name, fallback, list))); }
            catch (UsageException ex) { problems.Add(ex.Message); }
        }
        if (problems.Count > 0) throw new UsageException(string.Join(Environment.NewLine + "error: ", problems));
        return new ParameterSweep(dimensions);
    }

    private static IReadOnlyList<JsonNode?> Values(string name, JsonNode? fallback, string list)
    {
        string flag = $"--sweep {name}";
        if (name == ServerCount) return ListParser.Integers(list, flag).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray();
        bool isText = fallback is JsonValue v && v.GetValueKind() == JsonValueKind.String;
        bool isBool = fallback is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False;
        var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new UsageException($"{flag} is empty; give at least one value.");
        var values = new List<JsonNode?>();
        foreach (string part in parts)
        {
            if (part.Equals("null", StringComparison.OrdinalIgnoreCase)) values.Add(null);
            else if (isBool)
                values.Add(bool.TryParse(part, out bool flagValue) ? JsonValue.Create(flagValue)
                    : throw new UsageException($"{flag}: '{part}' is not true or false."));
            else if (isText || (fallback is null && !double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                values.Add(JsonValue.Create(part));
            else values.AddRange(ListParser.Doubles(part, flag).Select(d => (JsonNode?)JsonValue.Create(d)));
        }
        return values;
    }

    /// <summary>Every combination, the first dimension varying slowest, as (name, value) lists.</summary>
    public IReadOnlyList<IReadOnlyList<(string Name, JsonNode? Value)>> Combinations()
    {
        IEnumerable<IReadOnlyList<(string, JsonNode?)>> combos = [[]];
        foreach (var d in Dimensions)
        {
            var dimension = d;
            combos = combos.SelectMany(c => dimension.Values.Select(v => (IReadOnlyList<(string, JsonNode?)>)[.. c, (dimension.Name, v)])).ToArray();
        }
        return combos.ToArray();
    }

    /// <summary>Total sweeps <see cref="Combinations"/> yields, computed without building them (checked before any work).</summary>
    public long Count => Dimensions.Aggregate(1L, (n, d) => n * d.Values.Count);

    /// <summary>
    /// <paramref name="config"/> with the combination's values set; the server count is returned apart (it is not a
    /// config field but the grid size of <c>--servers</c>). Values are read back by the strict config reader, so an
    /// impossible one (a string where a number belongs) is reported like a bad config file.
    /// </summary>
    public static (SimulationConfig Config, int? Servers) Apply(SimulationConfig config, IReadOnlyList<(string Name, JsonNode? Value)> combination)
    {
        int? servers = null;
        var parameters = JsonSerializer.SerializeToNode(config.Parameters ?? SystemParameters.Default, Writer)!.AsObject();
        var workload = JsonSerializer.SerializeToNode(config.Workload ?? new SyntheticWorkloadOptions(), Writer)!.AsObject();
        var channel = JsonSerializer.SerializeToNode(config.Channel ?? ChannelOptions.Paper, Writer)!.AsObject();
        bool touchedWorkload = false, touchedChannel = false;
        foreach (var (name, value) in combination)
        {
            if (name == ServerCount) { servers = value!.GetValue<int>(); continue; }
            string[] path = name.Split('.');
            JsonObject target = path[0] switch
            {
                "workload" => workload,
                "channel" => channel,
                _ => parameters,
            };
            int start = path[0] is "workload" or "channel" ? 1 : 0;
            if (start == 1) { touchedWorkload |= path[0] == "workload"; touchedChannel |= path[0] == "channel"; }
            for (int i = start; i < path.Length - 1; i++) target = (JsonObject)target[path[i]]!;
            target[path[^1]] = value?.DeepClone();
        }
        try
        {
            return (config with
            {
                Parameters = parameters.Deserialize<SystemParameters>(StrictJson.Options),
                // Untouched sections stay as the file gave them (absent stays absent: --trace refuses a workload section).
                Workload = touchedWorkload ? workload.Deserialize<SyntheticWorkloadOptions>(StrictJson.Options) : config.Workload,
                Channel = touchedChannel ? WithoutNulls(channel).Deserialize<ChannelOptions>(StrictJson.Options) : config.Channel,
            }, servers);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--sweep {string.Join(" ", combination.Select(c => $"{c.Name}={Dimension.Text(c.Value)}"))}: a value is of the wrong kind for its field ({ex.Message.Split(". Path:")[0]}).");
        }
    }

    private static JsonObject WithoutNulls(JsonObject o)
    {
        foreach (string key in o.Where(p => p.Value is null).Select(p => p.Key).ToArray()) o.Remove(key);
        return o;
    }

    /// <summary>The sweep as run.json records it: each name with its values.</summary>
    public JsonArray ToJson() => new(Dimensions.Select(d => (JsonNode?)new JsonObject
    {
        ["name"] = d.Name,
        ["values"] = new JsonArray(d.Values.Select(v => v?.DeepClone()).ToArray()),
    }).ToArray());
}
