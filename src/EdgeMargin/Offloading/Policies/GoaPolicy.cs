using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Policies;

/// <summary>
/// The paper's greedy offloading algorithm: users with u &gt; tau are all offloaded, smallest uncertainty-weighted
/// gap first; then the others are offloaded while the smallest weighted gap is negative.
/// </summary>
/// <remarks>
/// GOA has no settings, so every instance decides alike and all are equal: a <see cref="DecisionMemo"/> then finds a
/// sweep's GOA decision whichever instance asks for it (random's <see cref="SameCountAs"/>).
/// </remarks>
public sealed class GoaPolicy : IOffloadingPolicy, IEquatable<GoaPolicy>
{
    /// <summary>The shared instance.</summary>
    public static GoaPolicy Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "goa";

    /// <inheritdoc />
    public string Description => "the paper's greedy algorithm: users with u > tau offloaded first, then others while the u-weighted gap is negative";

    /// <inheritdoc />
    public Assignment Decide(Scenario scenario, PolicyContext context)
    {
        var u = scenario.Uncertainty;
        var roles = new CandidateRole[scenario.UserCount];
        double tau = context.Tau;
        // Optional plus one for a forced user, without a branch: which users exceed tau is a coin toss to the predictor.
        for (int i = 0; i < roles.Length; i++) roles[i] = (CandidateRole)((int)CandidateRole.Optional + (u[i] > tau ? 1 : 0));
        return context.Engine.Run(context.DecisionScenario(scenario), roles, weighted: true);
    }

    /// <inheritdoc />
    public bool Equals(GoaPolicy? other) => other is not null;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GoaPolicy;

    /// <inheritdoc />
    public override int GetHashCode() => typeof(GoaPolicy).GetHashCode();
}
