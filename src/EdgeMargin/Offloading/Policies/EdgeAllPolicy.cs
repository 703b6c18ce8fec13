using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Policies;

/// <summary>Baseline: every user is offloaded, one at a time, the pair with the smallest uncertainty-weighted gap first.</summary>
public sealed class EdgeAllPolicy : IOffloadingPolicy
{
    /// <inheritdoc />
    public string Name => "edge-all";

    /// <inheritdoc />
    public string Description => "every user is offloaded, smallest u-weighted gap first";

    /// <inheritdoc />
    public Assignment Decide(Scenario scenario, PolicyContext context)
    {
        var roles = new CandidateRole[scenario.UserCount];
        Array.Fill(roles, CandidateRole.Forced);
        return context.Engine.Run(context.DecisionScenario(scenario), roles, weighted: true);
    }
}
