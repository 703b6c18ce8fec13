using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Policies;

/// <summary>
/// The paper's greedy offloading algorithm: users with u &gt; tau are all offloaded, smallest uncertainty-weighted
/// gap first; then the others are offloaded while the smallest weighted gap is negative.
/// </summary>
public sealed class GoaPolicy : IOffloadingPolicy
{
    /// <inheritdoc />
    public string Name => "goa";

    /// <inheritdoc />
    public Assignment Decide(Scenario scenario, PolicyContext context)
    {
        var u = scenario.Uncertainty;
        var roles = new CandidateRole[scenario.UserCount];
        for (int i = 0; i < roles.Length; i++) roles[i] = u[i] > context.Tau ? CandidateRole.Forced : CandidateRole.Optional;
        return context.Engine.Run(scenario, roles, weighted: true);
    }
}
