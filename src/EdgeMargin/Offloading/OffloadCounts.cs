using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>As many users as another policy offloads on the same epoch and threshold (the paper: as many as GOA).</summary>
/// <remarks>
/// The other policy's decision comes from <see cref="PolicyContext.Memo"/> when it was already made on this epoch (a
/// sweep that runs GOA before random decides GOA once), else it is made here. A random policy's decision time then
/// includes that GOA run only when no earlier decision could be reused.
/// </remarks>
/// <param name="reference">The policy whose count is copied.</param>
public sealed class SameCountAs(IOffloadingPolicy reference) : IOffloadCountSource
{
    /// <summary>The policy whose count is copied.</summary>
    public IOffloadingPolicy Reference { get; } = reference ?? throw new ArgumentNullException(nameof(reference));

    /// <inheritdoc />
    public string Description => $"as many users as {Reference.Name}";

    /// <inheritdoc />
    public int Count(Scenario scenario, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decision = context.Memo is { } memo ? memo.GetOrDecide(Reference, scenario, context) : Reference.Decide(scenario, context);
        return decision.OffloadedCount;
    }
}

/// <summary>The same number of users on every epoch.</summary>
/// <param name="count">Users to offload, at least 0 (epochs with fewer users offload them all).</param>
public sealed class FixedCount(int count) : IOffloadCountSource
{
    /// <summary>Users to offload.</summary>
    public int Value { get; } = count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "An offload count must be at least 0.");

    /// <inheritdoc />
    public string Description => $"{Value} users";

    /// <inheritdoc />
    public int Count(Scenario scenario, PolicyContext context) => Value;
}
