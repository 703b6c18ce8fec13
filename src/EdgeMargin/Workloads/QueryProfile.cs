using EdgeMargin.Uncertainty;

namespace EdgeMargin.Workloads;

/// <summary>
/// Everything the simulator needs to know about one query: the small model's next-token distribution, the prompt
/// size, both models' measured times on reference hardware (capacity C_L), and whether each model answers correctly.
/// </summary>
public sealed record QueryProfile : IQueryEvidence
{
    /// <summary>Identifier of the query in its source (trace line, synthetic index).</summary>
    public string? Id { get; init; }

    /// <summary>The small model's top-k next-token distribution at the first answer position.</summary>
    public required TopKDistribution NextToken { get; init; }

    /// <summary>
    /// Log-probabilities of every generated answer token under the small model, when the source has them
    /// (used by sequence-level signals); null otherwise.
    /// </summary>
    public IReadOnlyList<double>? AnswerTokenLogProbs { get; init; }

    /// <summary>Prompt size, UTF-8 bytes.</summary>
    public required double PayloadBytes { get; init; }

    /// <summary>Small-model generation time measured on hardware of capacity C_L, seconds.</summary>
    public required double SlmTimeS { get; init; }

    /// <summary>Large-model generation time measured on hardware of capacity C_L, seconds.</summary>
    public required double LlmTimeS { get; init; }

    /// <summary>Whether the small model's answer is correct.</summary>
    public required bool SlmCorrect { get; init; }

    /// <summary>Whether the large model's answer is correct.</summary>
    public required bool LlmCorrect { get; init; }
}
