using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Policies;

/// <summary>
/// Baseline d_min: GOA's phase 2 alone on all users with the unweighted gap t_comm + t_edge - t_local, i.e. offload
/// whoever gets faster, ignoring uncertainty.
/// </summary>
public sealed class DMinPolicy : IOffloadingPolicy
{
    /// <inheritdoc />
    public string Name => "dmin";

    /// <inheritdoc />
    public string Description => "offloads whoever gets faster (unweighted gap below 0), ignoring uncertainty";

    /// <inheritdoc />
    public Assignment Decide(Scenario scenario, PolicyContext context)
    {
        var roles = new CandidateRole[scenario.UserCount];
        Array.Fill(roles, CandidateRole.Optional);
        return context.Engine.Run(context.DecisionScenario(scenario), roles, weighted: false);
    }
}
