using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>
/// Decisions already made on an epoch, so a policy that builds on another's decision (random on GOA's offload count)
/// reuses it instead of deciding again. Whoever decides several policies on one epoch (the experiment runner) records
/// each decision here and hands the memo to the policies through <see cref="PolicyContext.Memo"/>.
/// </summary>
/// <remarks>
/// <para>
/// A decision is keyed by the policy, the scenario (by reference) and the whole context, so a memo can never answer
/// for a different epoch, threshold, seed or engine. Policies are compared with their own equality: stateless ones
/// such as <see cref="Policies.GoaPolicy"/> count every instance as equal, so a sweep's GOA is found whichever GOA
/// instance the asker holds.
/// </para>
/// <para>Not thread-safe: one memo serves one thread's epoch (the runner makes one per epoch and threshold).</para>
/// </remarks>
public sealed class DecisionMemo
{
    private readonly Dictionary<(IOffloadingPolicy Policy, Scenario Scenario, PolicyContext Context), Assignment> _decisions = [];

    /// <summary>How many decisions are held.</summary>
    public int Count => _decisions.Count;

    /// <summary>Records that <paramref name="policy"/> decided <paramref name="assignment"/> on this epoch and context.</summary>
    public void Record(IOffloadingPolicy policy, Scenario scenario, PolicyContext context, Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(assignment);
        _decisions[(policy, scenario, context)] = assignment;
    }

    /// <summary>The decision recorded for <paramref name="policy"/> on this epoch and context, if any.</summary>
    public bool TryGet(IOffloadingPolicy policy, Scenario scenario, PolicyContext context, out Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(context);
        return _decisions.TryGetValue((policy, scenario, context), out assignment!);
    }

    /// <summary>The recorded decision, or <paramref name="policy"/>'s decision made now and recorded.</summary>
    public Assignment GetOrDecide(IOffloadingPolicy policy, Scenario scenario, PolicyContext context)
    {
        if (TryGet(policy, scenario, context, out var known)) return known;
        var assignment = policy.Decide(scenario, context);
        Record(policy, scenario, context, assignment);
        return assignment;
    }
}
