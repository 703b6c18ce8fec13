namespace EdgeMargin.Uncertainty;

/// <summary>
/// Normalised Shannon entropy of the kept entries plus the tail: u = H / ln(K + 1), where
/// H = -sum p(i) ln p(i) over the kept probabilities (the model's own, not renormalised) and the tail mass
/// 1 - sum p(i) counts as <b>one extra outcome</b>. The tail's real spread over the vocabulary is unknown; one
/// bucket is the smallest entropy consistent with it (a lower bound), needs no vocabulary size, and makes a thick
/// tail raise u instead of vanishing in a renormalisation. K + 1 outcomes at most give the ln(K + 1) normaliser,
/// so a uniform top-K-plus-tail scores 1.
/// </summary>
/// <remarks>
/// K is the list's capacity (<see cref="TopKDistribution.K"/>, the k it was cut to), not the number of entries this
/// query happens to keep. A per-query ln(Count + 1) would rank a two-token (0.5, 0.5) list (H = 0.69 nats) above a
/// ten-entry list with H = 1.5 nats, breaking the ordering by H across queries; a fixed K that differs from the
/// source's would either saturate at 1 (source keeps more) or never get near 1 (source keeps fewer).
/// </remarks>
public sealed class EntropySignal : IUncertaintySignal
{
    private readonly double? _normaliser;

    /// <summary>Normalises each distribution by ln(K + 1) with K its own <see cref="TopKDistribution.K"/>.</summary>
    public EntropySignal()
    {
    }

    /// <summary>
    /// Normalises every distribution by ln(<paramref name="maxEntries"/> + 1) whatever its own K; a distribution that
    /// keeps more entries can exceed that and is clamped at 1.
    /// </summary>
    public EntropySignal(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        _normaliser = Math.Log(maxEntries + 1);
    }

    /// <summary>The instance that takes K from each distribution (the one the catalog uses).</summary>
    public static EntropySignal Instance { get; } = new();

    /// <summary>The fixed K of the normaliser, or null when it comes from each distribution.</summary>
    public int? MaxEntries { get; }

    /// <inheritdoc />
    public string Name => "entropy";

    /// <inheritdoc />
    public string Description => "normalised entropy of the next-token list, its tail counted as one extra outcome";

    /// <inheritdoc />
    public double Compute(TopKDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        double h = 0;
        foreach (double p in distribution.Probabilities) h -= Term(p);
        h -= Term(distribution.TailMass);
        return Math.Clamp(h / (_normaliser ?? Math.Log(distribution.K + 1)), 0, 1);

        static double Term(double p) => p > 0 ? p * Math.Log(p) : 0;
    }
}
