namespace EdgeMargin.Uncertainty;

/// <summary>
/// What the small model's output says about one query: everything an <see cref="IQuerySignal"/> may read. Workloads'
/// query profiles implement it, so signals depend on nothing above this namespace.
/// </summary>
public interface IQueryEvidence
{
    /// <summary>Identifier of the query in its source, for error messages; null when unknown.</summary>
    string? Id { get; }

    /// <summary>The small model's top-k next-token distribution at the first answer position.</summary>
    TopKDistribution NextToken { get; }

    /// <summary>Log-probabilities of every generated answer token under the small model, or null when the source has none.</summary>
    IReadOnlyList<double>? AnswerTokenLogProbs { get; }
}
