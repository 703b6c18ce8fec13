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
        double tau = context.Tau;
        // Optional plus one for a forced user, without a branch: which users exceed tau is a coin toss to the predictor.
        for (int i = 0; i < roles.Length; i++) roles[i] = (CandidateRole)((int)CandidateRole.Optional + (u[i] > tau ? 1 : 0));
        return context.Engine.Run(scenario, roles, weighted: true);
    }
}
