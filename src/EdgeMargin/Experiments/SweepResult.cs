namespace EdgeMargin.Experiments;

/// <summary>The rows of a sweep, in (users, tau, policy) order, with what produced them.</summary>
/// <param name="Options">The options the sweep ran with.</param>
/// <param name="Rows">One row per (users, tau, policy).</param>
/// <param name="UnservedForced">Users, summed over all runs and cells, that had to offload but had no server with a finite delay.</param>
public sealed record SweepResult(SweepOptions Options, IReadOnlyList<SweepRow> Rows, long UnservedForced)
{
    /// <summary>
    /// Every run of every row: row k's <see cref="SweepOptions.Runs"/> outcomes are at [k · runs, (k + 1) · runs), in run
    /// order. Empty for a result built without them.
    /// </summary>
    public IReadOnlyList<RunOutcome> Outcomes { get; init; } = [];

    /// <summary>The per-run outcomes of row <paramref name="rowIndex"/> (empty when the result has none).</summary>
    public ReadOnlySpan<RunOutcome> RunsOf(int rowIndex)
    {
        if (Outcomes is not RunOutcome[] all || all.Length == 0) return [];
        int runs = Options.Runs;
        return all.AsSpan(rowIndex * runs, runs);
    }
}
