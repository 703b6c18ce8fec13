using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EdgeMargin.Experiments;
using EdgeMargin.Workloads;

namespace EdgeMargin.Cli.Output;

/// <summary>run.json: everything needed to rerun a sweep (options, constants, workload assumptions, seed, tool version).</summary>
internal static class RunManifest
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>System parameters as run.json writes them: nested, every field, camelCase.</summary>
    public static JsonNode? ToNode(EdgeMargin.Scenarios.SystemParameters parameters) => JsonSerializer.SerializeToNode(parameters, Json);

    /// <summary>The version --version prints: the informational version, which carries the commit it was built from.</summary>
    public static string Version => typeof(RunManifest).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(RunManifest).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static JsonObject Build(SweepResult result, string command)
    {
        var o = result.Options;
        var workload = new JsonObject
        {
            ["name"] = o.Workload.Name,
            ["synthetic"] = o.Workload.IsSynthetic,
        };
        if (o.Workload is SyntheticWorkload synthetic)
        {
            workload["note"] = "Generated queries, not measured model runs: accuracy levels are set by these assumptions.";
            workload["assumptions"] = JsonSerializer.SerializeToNode(synthetic.Options, Json);
        }
        if (o.Workload is EdgeMargin.Models.Traces.TraceWorkload trace)
        {
            workload["trace"] = trace.SourcePath;
            workload["lines"] = trace.Queries.Count;
            workload["order"] = trace.Order.ToString().ToLowerInvariant();
            workload["slmAccuracy"] = trace.SlmAccuracy;
            workload["llmAccuracy"] = trace.LlmAccuracy;
        }
        return new JsonObject
        {
            ["tool"] = "edgemargin",
            ["version"] = Version,
            ["commit"] = Version.Contains('+') ? Version[(Version.IndexOf('+') + 1)..] : null,
            ["command"] = command,
            ["seed"] = o.Seed,
            ["seeds"] = $"{o.Seed}..{o.Seed + (ulong)o.Runs - 1}",
            ["runs"] = o.Runs,
            ["users"] = new JsonArray(o.Users.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray()),
            ["taus"] = new JsonArray(o.Taus.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            ["policies"] = new JsonArray(o.Policies.Select(p => (JsonNode?)JsonValue.Create(p.Name)).ToArray()),
            ["signal"] = o.Signal.Name,
            ["engine"] = o.Engine.Name,
            ["decisionTimeMeasured"] = o.MeasureDecisionTime,
            ["servers"] = new JsonArray(o.ServerPositions.Select((s, j) =>
            {
                var server = new JsonObject { ["x"] = s.X, ["y"] = s.Y };
                if (o.ServerOverrides is { } fixedParts && j < fixedParts.Count)
                {
                    if (fixedParts[j].CapacityFlops is double c) server["capacityFlops"] = c;
                    if (fixedParts[j].BandwidthHz is double b) server["bandwidthHz"] = b;
                }
                return (JsonNode?)server;
            }).ToArray()),
            ["parameters"] = JsonSerializer.SerializeToNode(o.Parameters, Json),
            ["channel"] = WithoutNulls(JsonSerializer.SerializeToNode(o.Channel.Effective(), Json)),
            ["workload"] = workload,
            ["unservedForcedUsers"] = result.UnservedForced,
        };
    }

    /// <summary>A model's unused options (a free-space channel has no heights) are left out rather than written as null.</summary>
    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        if (node is JsonObject o)
            foreach (string key in o.Where(p => p.Value is null).Select(p => p.Key).ToArray()) o.Remove(key);
        return node;
    }

    public static void Write(string path, SweepResult result, string command, Action<JsonObject>? extend = null)
    {
        var manifest = Build(result, command);
        extend?.Invoke(manifest);
        AtomicFile.WriteAllText(path, manifest.ToJsonString(Json) + "\n");
    }
}
