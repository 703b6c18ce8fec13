using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests;

/// <summary>Small hand-built epochs for formula and policy tests.</summary>
internal static class TestScenarios
{
    public static UserDemand User(double u, double payloadBytes = 400, double localS = 0.1, double capacity = 91.06e12, double? llmS = null, bool? slm = null, bool? llm = null, string? id = null)
        => new()
        {
            Id = id ?? "u",
            Uncertainty = u,
            PayloadBytes = payloadBytes,
            LocalDelayS = localS,
            DeviceCapacityFlops = capacity,
            LlmReferenceTimeS = llmS,
            SlmCorrect = slm,
            LlmCorrect = llm,
        };

    public static EdgeServer Server(double capacity = 1.513e16, double bandwidth = 1e8, string id = "es")
        => new(id, double.NaN, double.NaN, bandwidth, capacity);

    public static Scenario Build(SystemParameters parameters, UserDemand[] users, EdgeServer[] servers, double[] gains)
        => Scenario.Create(parameters, users, servers, gains);
}
