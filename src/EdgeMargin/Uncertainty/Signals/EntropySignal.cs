namespace EdgeMargin.Uncertainty;

/// <summary>
/// Normalised Shannon entropy of the kept entries plus the tail: u = H / ln(K + 1), where
/// H = -sum p(i) ln p(i) over the kept probabilities (the model's own, not renormalised) and the tail mass
/// 1 - sum p(i) counts as <b>one extra outcome</b>. The tail's real spread over the vocabulary is unknown; one
/// bucket is the smallest entropy consistent with it (a lower bound), needs no vocabulary size, and makes a thick
/// tail raise u instead of vanishing in a renormalisation. K + 1 outcomes at most give the ln(K + 1) normaliser,
/// so a uniform top-K-plus-tail scores 1; a distribution with more than K entries is clamped at 1.
/// </summary>
public sealed class EntropySignal : IUncertaintySignal
{
    private readonly double _normaliser;

    /// <summary>Creates the signal for distributions of at most <paramref name="maxEntries"/> kept entries (the reference K = 10).</summary>
    public EntropySignal(int maxEntries = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        _normaliser = Math.Log(maxEntries + 1);
    }

    /// <summary>The instance for K = 10.</summary>
    public static EntropySignal Instance { get; } = new();

    /// <summary>K, the number of kept entries the normaliser assumes.</summary>
    public int MaxEntries { get; }

    /// <inheritdoc />
    public string Name => "entropy";

    /// <inheritdoc />
    public double Compute(TopKDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        double h = 0;
        foreach (double p in distribution.Probabilities) h -= Term(p);
        h -= Term(distribution.TailMass);
        return Math.Clamp(h / _normaliser, 0, 1);

        static double Term(double p) => p > 0 ? p * Math.Log(p) : 0;
    }
}
