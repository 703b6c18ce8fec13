using EdgeMargin.Uncertainty;

namespace EdgeMargin.Models.Backends;

/// <summary>One model run on one prompt: the answer and the raw next-token candidates at the first answer position.</summary>
/// <param name="Text">Generated answer text.</param>
/// <param name="TopTokens">Raw top-k candidates (not merged; core <see cref="TopKDistribution.FromTokens"/> merges them).</param>
/// <param name="PromptTokens">Prompt token count as reported by the model.</param>
/// <param name="AnswerTokens">Generated token count.</param>
/// <param name="AnswerLogProbs">Log-probabilities of each generated token, when the backend returns them.</param>
/// <param name="WallTimeS">Wall time of the request, seconds.</param>
public sealed record ModelAnswer(
    string Text,
    IReadOnlyList<TokenProbability> TopTokens,
    int PromptTokens,
    int AnswerTokens,
    IReadOnlyList<double>? AnswerLogProbs,
    double WallTimeS);
