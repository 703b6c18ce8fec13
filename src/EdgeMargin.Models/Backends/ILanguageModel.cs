namespace EdgeMargin.Models.Backends;

/// <summary>A language model that answers a prompt and exposes its next-token distribution at the first answer position.</summary>
public interface ILanguageModel : IDisposable
{
    /// <summary>Identifier written to traces (backend, address, model name).</summary>
    string Id { get; }

    /// <summary>Generates up to <paramref name="maxTokens"/> tokens greedily for <paramref name="prompt"/>.</summary>
    Task<ModelAnswer> AnswerAsync(string prompt, int maxTokens, CancellationToken ct);
}
