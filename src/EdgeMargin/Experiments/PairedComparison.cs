using EdgeMargin.Analysis;

namespace EdgeMargin.Experiments;

/// <summary>
/// Policy A minus policy B on the same epochs: per (users, tau) cell, the mean over runs of the per-run difference of a
/// metric, with its t interval. Every policy of a sweep decides on the same generated epoch for a given run, so the
/// difference removes the epoch-to-epoch spread both share; its interval is much narrower than the two policies'
/// own intervals would suggest, and it is the one that answers "is A's delay lower than B's?".
/// </summary>
public static class PairedComparison
{
    /// <summary>
    /// One estimate per (users, tau) cell where both policies ran, in the sweep's row order, of
    /// <paramref name="metric"/>(A) − <paramref name="metric"/>(B).
    /// </summary>
    /// <exception cref="ArgumentException">The result has no per-run outcomes, or a policy is not in it.</exception>
    public static IReadOnlyList<PairedDifference> Compare(SweepResult result, string a, string b, Func<RunOutcome, double> metric,
        double level = MeanEstimate.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(metric);
        if (result.Outcomes.Count == 0) throw new ArgumentException("The sweep result carries no per-run outcomes to pair.");
        var names = result.Options.Policies.Select(p => p.Name).ToArray();
        int ia = Array.FindIndex(names, n => string.Equals(n, a, StringComparison.OrdinalIgnoreCase));
        int ib = Array.FindIndex(names, n => string.Equals(n, b, StringComparison.OrdinalIgnoreCase));
        if (ia < 0 || ib < 0)
            throw new ArgumentException($"A paired comparison needs both policies in the sweep: '{(ia < 0 ? a : b)}' is not among {string.Join(", ", names)}.");
        int np = names.Length, runs = result.Options.Runs;
        var differences = new double[runs];
        var list = new List<PairedDifference>();
        for (int cell = 0; cell * np < result.Rows.Count; cell++)
        {
            var ra = result.RunsOf(cell * np + ia);
            var rb = result.RunsOf(cell * np + ib);
            for (int r = 0; r < runs; r++) differences[r] = metric(ra[r]) - metric(rb[r]);
            var row = result.Rows[cell * np];
            list.Add(new PairedDifference(row.Users, row.Tau, names[ia], names[ib], MeanEstimate.Of(differences, level)));
        }
        return list;
    }
}

/// <summary>Policy <paramref name="A"/> minus policy <paramref name="B"/> at one (users, tau) cell, paired by run.</summary>
/// <param name="Users">User count N.</param>
/// <param name="Tau">Threshold.</param>
/// <param name="A">The first policy.</param>
/// <param name="B">The policy subtracted.</param>
/// <param name="Difference">Mean of the per-run differences A − B with its t interval.</param>
public sealed record PairedDifference(int Users, double Tau, string A, string B, MeanEstimate Difference);
