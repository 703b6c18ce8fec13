using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>What a policy may know beyond the scenario: the threshold, a seed for its random choices, the engine, and
/// the decisions already made on the epoch.</summary>
public sealed record PolicyContext
{
    /// <summary>Creates a context; <paramref name="tau"/> must lie in [0, 1].</summary>
    public PolicyContext(double tau, ulong seed = 0)
    {
        if (!(tau >= 0 && tau <= 1))
            throw new ArgumentOutOfRangeException(nameof(tau), tau, $"tau must lie in [0, 1] (got {tau}): users with uncertainty above tau are always offloaded.");
        Tau = tau;
        Seed = seed;
    }

    /// <summary>Threshold tau: users with u &gt; tau must be offloaded.</summary>
    public double Tau { get; }

    /// <summary>Seed for the policy's own random choices (random, GA).</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Decisions already made on this epoch under this context, for policies that build on another's (random copies
    /// GOA's offload count); null when the caller keeps none, and then such a policy decides the other itself.
    /// </summary>
    public DecisionMemo? Memo { get; init; }

    /// <summary>
    /// The greedy machinery used by GOA and the greedy baselines. Defaults to the fast engine, which returns exactly
    /// the direct engine's assignments; pass <see cref="DirectGreedyEngine.Instance"/> for the reference scan.
    /// </summary>
    public IGreedyEngine Engine { get; init; } = GreedyEngineCatalog.Default;

    /// <summary>
    /// Whether decisions see the servers' backlog (<see cref="Scenario.Load"/>): when true, every gap counts each server's
    /// jobs in service in its compute share and adds its wait to the edge time, so GOA's delay estimate includes the wait.
    /// False by default: the paper's static estimate, every server idle (<see cref="Scenario.Idle"/>). Evaluation
    /// (<see cref="OutcomeEvaluator"/>) always uses the backlog; only what the decision sees changes. Without a backlog in the
    /// scenario both settings decide identically, bit for bit.
    /// </summary>
    public bool BacklogAware { get; init; }

    /// <summary>The epoch as a decision under this context sees it: <paramref name="scenario"/> itself when
    /// <see cref="BacklogAware"/>, else the same epoch with idle servers. Every policy decides on this.</summary>
    public Scenario DecisionScenario(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return BacklogAware ? scenario : scenario.Idle;
    }
}
