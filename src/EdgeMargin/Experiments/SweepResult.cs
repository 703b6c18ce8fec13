namespace EdgeMargin.Experiments;

/// <summary>The rows of a sweep, in (users, tau, policy) order, with what produced them.</summary>
/// <param name="Options">The options the sweep ran with.</param>
/// <param name="Rows">One row per (users, tau, policy).</param>
/// <param name="UnservedForced">Users, summed over all runs and cells, that had to offload but had no server with a finite delay.</param>
public sealed record SweepResult(SweepOptions Options, IReadOnlyList<SweepRow> Rows, long UnservedForced);
