namespace EdgeMargin.Uncertainty;

/// <summary>
/// Sequence-level: u = 1 - exp(mean of the answer tokens' log-probabilities), i.e. one minus the geometric-mean token
/// probability of the whole answer. Needs <see cref="IQueryEvidence.AnswerTokenLogProbs"/>; a query without them
/// throws <see cref="SignalUnavailableException"/> rather than silently scoring 0.
/// </summary>
public sealed class MeanLogProbSignal : IQuerySignal
{
    /// <summary>The shared instance.</summary>
    public static MeanLogProbSignal Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "mean-logprob";

    /// <inheritdoc />
    public string Description => "1 minus the answer's geometric-mean token probability (needs the answer's log-probabilities)";

    /// <inheritdoc />
    public double Compute(IQueryEvidence query)
    {
        ArgumentNullException.ThrowIfNull(query);
        // The signals named are examples in fixed words: this text is part of analyze's JSON (pinned by the golden files),
        // and listing every registered signal would move it whenever a signal is added.
        if (query.AnswerTokenLogProbs is not { Count: > 0 } logProbs)
            throw new SignalUnavailableException($"Signal 'mean-logprob' needs the answer tokens' log-probabilities, and query '{query.Id ?? "?"}' has none. Use a trace recorded with answer log-probs, or a next-token signal (margin, max-prob, entropy, log-ratio).");
        double sum = 0;
        for (int i = 0; i < logProbs.Count; i++)
        {
            double l = logProbs[i];
            // A log-probability a hair above 0 is softmax rounding; anything more is not a log-probability.
            if (double.IsNaN(l) || l > 1e-6)
                throw new InvalidDistributionException($"Answer token {i} of query '{query.Id ?? "?"}' has log-probability {l}; log-probabilities must be <= 0 (pass log-probs, not probabilities or logits).");
            sum += Math.Min(l, 0);
        }
        return Math.Clamp(1 - Math.Exp(sum / logProbs.Count), 0, 1);
    }
}
