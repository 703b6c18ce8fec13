using EdgeMargin.Uncertainty;

namespace EdgeMargin.Models.Traces;

/// <summary>
/// One profiled query: both models' answers on one prompt, as one JSONL line (snake_case keys, see docs/models.md).
/// </summary>
public sealed record TraceRecord
{
    /// <summary>Query id, unique in the trace (e.g. "qa1/test/12"); resume skips ids already written.</summary>
    public required string Id { get; init; }
    /// <summary>Prompt sent to both models; its UTF-8 size is the uplink payload.</summary>
    public required string Prompt { get; init; }
    /// <summary>Expected answer.</summary>
    public required string Label { get; init; }
    /// <summary>Small model id (backend spec without the key).</summary>
    public required string SlmModel { get; init; }
    /// <summary>Large model id.</summary>
    public required string LlmModel { get; init; }
    /// <summary>Small model answer text.</summary>
    public required string SlmAnswer { get; init; }
    /// <summary>Large model answer text.</summary>
    public required string LlmAnswer { get; init; }
    /// <summary>Small model correct (label appears as a whole word, case-insensitive).</summary>
    public required bool SlmCorrect { get; init; }
    /// <summary>Large model correct.</summary>
    public required bool LlmCorrect { get; init; }
    /// <summary>
    /// Candidates requested from the small model (--top-k), when the writer recorded it; a resumed run must request the
    /// same number, or the trace's lines would not be comparable.
    /// </summary>
    public int? TopKRequested { get; init; }
    /// <summary>Raw small-model candidates at the first answer position, as the backend reported them (not merged).</summary>
    public required IReadOnlyList<TokenProbability> TopK { get; init; }
    /// <summary>Small-model logprobs of its answer tokens, when the backend returned them.</summary>
    public IReadOnlyList<double>? SlmAnswerLogProbs { get; init; }
    /// <summary>Large-model logprobs of its answer tokens, when the backend returned them.</summary>
    public IReadOnlyList<double>? LlmAnswerLogProbs { get; init; }
    /// <summary>Prompt tokens under the small model's tokenizer (0 when the backend does not say).</summary>
    public required int SlmPromptTokens { get; init; }
    /// <summary>Prompt tokens under the large model's tokenizer (0 when the backend does not say).</summary>
    public required int LlmPromptTokens { get; init; }
    /// <summary>Small model answer tokens.</summary>
    public required int SlmAnswerTokens { get; init; }
    /// <summary>Large model answer tokens.</summary>
    public required int LlmAnswerTokens { get; init; }
    /// <summary>Small model wall time, seconds (used as its generation time on reference hardware).</summary>
    public required double SlmTimeS { get; init; }
    /// <summary>Large model wall time, seconds.</summary>
    public required double LlmTimeS { get; init; }
}
