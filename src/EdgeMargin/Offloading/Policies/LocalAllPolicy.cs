using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Policies;

/// <summary>Baseline: every user answers with its own small model.</summary>
public sealed class LocalAllPolicy : IOffloadingPolicy
{
    /// <inheritdoc />
    public string Name => "local-all";

    /// <inheritdoc />
    public string Description => "every user answers with its own small model";

    /// <inheritdoc />
    public Assignment Decide(Scenario scenario, PolicyContext context) => Assignment.AllLocal(scenario.UserCount);
}
