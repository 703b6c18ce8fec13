namespace EdgeMargin.Scenarios;

/// <summary>
/// The decision heuristic for the large model's edge work, which no device knows before the query runs: the large
/// model is assumed to need <see cref="ParameterRatio"/> times the small model's work (t_local x C_i).
/// </summary>
/// <remarks>
/// A heuristic, not a constant of the world: the evaluator uses a measured large-model time instead whenever a query
/// carries one, so a better estimate (a profiled ratio, a per-query predictor) changes decisions and nothing else.
/// <see cref="Scenario"/> applies it once per user when an epoch is built, so no hot loop reads it.
/// </remarks>
public sealed record EdgeTimeEstimate
{
    /// <summary>LLM/SLM parameter ratio used to estimate edge compute time at decision time (8B / 1B = 8).</summary>
    public double ParameterRatio { get; init; } = 8;

    /// <summary>The paper's ratio.</summary>
    public static EdgeTimeEstimate Paper { get; } = new();

    /// <summary>Every problem, each naming the field by its JSON path (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Validate(problems, "");
        return problems;
    }

    internal void Validate(List<string> problems, string prefix) => FieldChecks.Positive(problems, prefix + "parameterRatio", ParameterRatio);
}
