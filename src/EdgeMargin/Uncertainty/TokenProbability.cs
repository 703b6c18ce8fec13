namespace EdgeMargin.Uncertainty;

/// <summary>One candidate next token as a model reports it: its surface text and its probability.</summary>
/// <param name="Token">The decoded token text, as the model's tokenizer produced it (may carry spaces or case).</param>
/// <param name="Probability">Probability in [0, 1].</param>
public readonly record struct TokenProbability(string Token, double Probability);
