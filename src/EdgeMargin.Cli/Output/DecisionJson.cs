using System.Text.Json.Nodes;
using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Cli.Output;

/// <summary>The JSON <c>decide</c> prints: the assignment, per-user delays and the totals. The backlog's fields
/// (<c>backlogAware</c>, <c>waitMs</c>, <c>waitDelayMs</c>) appear only when the scenario has a backlog or the decision was
/// asked to see one, so a static epoch prints what it always printed.</summary>
internal static class DecisionJson
{
    public static JsonObject Build(Scenario scenario, string policy, double tau, Assignment assignment, Outcome outcome, bool backlogAware = false)
    {
        bool backlog = backlogAware || scenario.HasBacklog;
        var users = new JsonArray();
        for (int i = 0; i < scenario.UserCount; i++)
        {
            var o = outcome.Users[i];
            users.Add(new JsonObject
            {
                ["id"] = scenario.Users[i].Id,
                ["uncertainty"] = scenario.Uncertainty[i],
                ["decision"] = o.Offloaded ? "offload" : "local",
                ["server"] = o.Offloaded ? scenario.Servers[o.Server].Id : null,
                ["serverIndex"] = o.Server,
                ["localMs"] = Finite(o.LocalS * 1000),
                ["commMs"] = Finite(o.CommS * 1000),
                ["edgeMs"] = Finite(o.EdgeS * 1000),
                ["delayMs"] = Finite(o.DelayS * 1000),
                ["correct"] = o.Correct,
            });
            if (backlog) users[i]!.AsObject().Insert(8, "waitMs", Finite(o.WaitS * 1000));
        }
        var result = new JsonObject
        {
            ["policy"] = policy,
            ["tau"] = tau,
            ["mode"] = scenario.Parameters.Mode.ToString().ToLowerInvariant(),
            ["users"] = scenario.UserCount,
            ["servers"] = new JsonArray(scenario.Servers.Select(s => (JsonNode?)JsonValue.Create(s.Id)).ToArray()),
            ["offloaded"] = assignment.OffloadedCount,
            ["unservedForced"] = assignment.UnservedForced,
            ["objective"] = Finite(PaperObjective.Evaluate(scenario, assignment.ServerOfUser)),
            ["totalDelayMs"] = Finite(outcome.TotalDelayS * 1000),
            ["localDelayMs"] = Finite(outcome.LocalS * 1000),
            ["commDelayMs"] = Finite(outcome.CommS * 1000),
            ["edgeComputeMs"] = Finite(outcome.EdgeS * 1000),
            ["accuracyPct"] = outcome.Accuracy is double a ? a * 100 : null,
            ["assignment"] = users,
        };
        if (backlog)
        {
            result.Insert(3, "backlogAware", backlogAware);
            result.Insert(result.IndexOf("accuracyPct"), "waitDelayMs", Finite(outcome.WaitS * 1000));
        }
        return result;
    }

    /// <summary>JSON has no infinity: an unservable delay is written as null (reference mode can produce one).</summary>
    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
