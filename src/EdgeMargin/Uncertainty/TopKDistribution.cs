namespace EdgeMargin.Uncertainty;

/// <summary>
/// A validated top-k next-token distribution after the reference procedure: probabilities merged by surface
/// text, sorted in descending order, at most K entries. The probabilities are the model's own (not renormalised);
/// <see cref="TailMass"/> is what the model put on every token outside them, so signals can treat it explicitly.
/// </summary>
public sealed class TopKDistribution
{
    private readonly double[] _probabilities;
    private readonly string[]? _tokens;

    private TopKDistribution(double[] probabilities, string[]? tokens, int k)
    {
        _probabilities = probabilities;
        _tokens = tokens;
        K = k;
        double sum = 0;
        foreach (double p in probabilities) sum += p;
        // Rounding in a model's softmax can push the kept mass a hair over 1; the tail cannot be negative.
        TailMass = Math.Max(0, 1 - sum);
        KeptMass = sum;
    }

    /// <summary>Merged probabilities, descending.</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <summary>Merged surface tokens aligned with <see cref="Probabilities"/>, or empty when only numbers are known.</summary>
    public IReadOnlyList<string> Tokens => _tokens ?? [];

    /// <summary>Number of entries kept.</summary>
    public int Count => _probabilities.Length;

    /// <summary>
    /// The k the list was cut to: at most this many entries are kept, fewer when the source offered fewer distinct
    /// tokens. Every distribution from one source shares it, so signals that need the list's capacity (entropy's
    /// normaliser) stay on one scale across queries whatever <see cref="Count"/> each one has.
    /// </summary>
    public int K { get; }

    /// <summary>Sum of the kept probabilities (before renormalisation).</summary>
    public double KeptMass { get; }

    /// <summary>Probability mass outside the kept entries, max(0, 1 - kept).</summary>
    public double TailMass { get; }

    /// <summary>The i-th kept probability renormalised over the kept entries, as the paper uses it.</summary>
    public double Normalized(int index) => _probabilities[index] / KeptMass;

    /// <summary>
    /// Applies the reference procedure to raw candidates: trim and lower-case each token, drop empty texts, merge equal
    /// texts by adding probabilities, keep the <paramref name="k"/> most probable. Ties keep first-seen order.
    /// </summary>
    /// <exception cref="InvalidDistributionException">NaN, negative or &gt;1 probabilities, or no non-empty token.</exception>
    public static TopKDistribution FromTokens(IReadOnlyList<TokenProbability> candidates, int k = 10)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        if (candidates.Count == 0)
            throw new InvalidDistributionException("The top-k list is empty: the model returned no candidate tokens. Ask the backend for top_logprobs (k >= 2).");

        var merged = new Dictionary<string, int>(StringComparer.Ordinal);
        var texts = new List<string>();
        var sums = new List<double>();
        for (int i = 0; i < candidates.Count; i++)
        {
            var (token, p) = candidates[i];
            CheckProbability(p, $"candidate {i} ('{token}')");
            string text = (token ?? string.Empty).Trim().ToLowerInvariant();
            if (text.Length == 0) continue;
            if (merged.TryGetValue(text, out int at)) sums[at] += p;
            else
            {
                merged[text] = texts.Count;
                texts.Add(text);
                sums.Add(p);
            }
        }
        if (texts.Count == 0)
            throw new InvalidDistributionException("Every candidate token is empty after trimming, so no answer token is left to measure.");

        int[] order = Enumerable.Range(0, texts.Count).ToArray();
        // Stable: equal probabilities keep the order the model listed them in.
        Array.Sort(order, (a, b) => sums[b].CompareTo(sums[a]) is var c && c != 0 ? c : a.CompareTo(b));
        int kept = Math.Min(k, order.Length);
        var probabilities = new double[kept];
        var tokens = new string[kept];
        for (int r = 0; r < kept; r++)
        {
            probabilities[r] = sums[order[r]];
            tokens[r] = texts[order[r]];
        }
        CheckTotal(probabilities);
        return new TopKDistribution(probabilities, tokens, k);
    }

    /// <summary>
    /// Builds a distribution from probabilities alone (already merged), e.g. from a synthetic workload or a trace
    /// that stores numbers only. They are sorted descending and cut to <paramref name="k"/>.
    /// </summary>
    public static TopKDistribution FromProbabilities(ReadOnlySpan<double> probabilities, int k = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        if (probabilities.IsEmpty)
            throw new InvalidDistributionException("The top-k list is empty: at least one probability is needed.");
        for (int i = 0; i < probabilities.Length; i++) CheckProbability(probabilities[i], $"entry {i}");
        double[] sorted = probabilities.ToArray();
        Array.Sort(sorted, (a, b) => b.CompareTo(a));
        if (sorted.Length > k) Array.Resize(ref sorted, k);
        if (sorted[0] <= 0)
            throw new InvalidDistributionException("All probabilities are zero: the distribution carries no information.");
        CheckTotal(sorted);
        return new TopKDistribution(sorted, null, k);
    }

    private static void CheckProbability(double p, string where)
    {
        if (double.IsNaN(p) || double.IsInfinity(p))
            throw new InvalidDistributionException($"Probability of {where} is {p}; every probability must be a finite number in [0, 1].");
        if (p < 0 || p > 1 + 1e-9)
            throw new InvalidDistributionException($"Probability of {where} is {p}; every probability must lie in [0, 1] (pass probabilities, not logits or log-probabilities).");
    }

    private static void CheckTotal(double[] probabilities)
    {
        double sum = 0;
        foreach (double p in probabilities) sum += p;
        if (sum > 1 + 1e-6)
            throw new InvalidDistributionException($"The kept probabilities sum to {sum:G6} > 1; a next-token distribution cannot exceed 1 in total.");
        if (sum <= 0)
            throw new InvalidDistributionException("The kept probabilities sum to 0: the distribution carries no information.");
    }
}
