using System.Text.Json;
using EdgeMargin.Models.Backends;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Models.OpenAi;

/// <summary>
/// Reads the answer, token counts and logprobs out of completions/chat replies. Two logprob shapes exist in the wild:
/// the legacy completions shape (tokens, token_logprobs, top_logprobs as a list of token→logprob objects; vLLM, older
/// llama-server) and the chat shape (content: [{token, logprob, top_logprobs: [{token, logprob, bytes}]}]; OpenAI chat,
/// vLLM chat, llama-server, Ollama). Either may arrive from either endpoint, so both are accepted from both.
/// </summary>
public static class OpenAiResponseParser
{
    /// <summary>What to tell a user whose server sent no logprobs.</summary>
    public const string LogProbsHelp =
        "vLLM returns them on /v1/completions (logprobs=k) and /v1/chat/completions (top_logprobs=k) for k up to its --max-logprobs (default 20); " +
        "llama-server returns them on both endpoints in recent builds (its native /completion calls it n_probs), so upgrade an old build; " +
        "Ollama returns them from version 0.12.11 on (older versions drop the fields silently), so upgrade it";

    /// <summary>Smallest log-probability kept; exp of it is 0 in double precision.</summary>
    public const double LogProbFloor = -1000;

    /// <summary>
    /// Parses a reply body; <paramref name="source"/> names the endpoint in errors. Without
    /// <paramref name="requireLogProbs"/>, a reply without logprobs gives an answer with no candidates.
    /// </summary>
    /// <exception cref="ModelException">The body is not JSON, has no answer, or has no usable logprobs.</exception>
    public static ModelAnswer Parse(string body, bool chat, double wallTimeS, string source, bool requireLogProbs = true)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e) { throw new ModelException($"{source} returned malformed JSON ({e.Message}). Check that the base URL points at an OpenAI-compatible /v1 endpoint.", e); }
        using (doc)
        {
            try { return Read(doc.RootElement, chat, wallTimeS, source, requireLogProbs); }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
            {
                throw new ModelException($"{source} returned a malformed reply ({e.Message}). Expected choices[0] with {(chat ? "message.content" : "text")} and logprobs.", e);
            }
        }
    }

    private static ModelAnswer Read(JsonElement root, bool chat, double wallTimeS, string source, bool requireLogProbs)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            throw new ModelException($"{source} returned no 'choices' array: the reply is not an OpenAI completions/chat response.");
        var choice = choices[0];
        string text = chat
            ? (choice.TryGetProperty("message", out var msg) && msg.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : throw new ModelException($"{source}: choices[0].message.content is missing."))
            : (choice.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new ModelException($"{source}: choices[0].text is missing."));

        var top = new List<TokenProbability>();
        var answerLp = new List<double>();
        bool any = choice.TryGetProperty("logprobs", out var lp) && lp.ValueKind == JsonValueKind.Object;
        if (any && lp.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array && content.GetArrayLength() > 0)
        {
            int i = 0;
            foreach (var step in content.EnumerateArray())
            {
                answerLp.Add(Number(step.GetProperty("logprob"), source));
                // A server may send each token's logprob without alternatives (top_logprobs absent or null): that is
                // no candidates, which only the small model needs, not a malformed reply.
                if (i++ == 0 && step.TryGetProperty("top_logprobs", out var alternatives) && alternatives.ValueKind != JsonValueKind.Null)
                    foreach (var cand in alternatives.EnumerateArray())
                        top.Add(new TokenProbability(cand.GetProperty("token").GetString() ?? "", Math.Exp(Number(cand.GetProperty("logprob"), source))));
            }
        }
        else if (any && lp.TryGetProperty("top_logprobs", out var tops) && tops.ValueKind == JsonValueKind.Array && tops.GetArrayLength() > 0)
        {
            if (lp.TryGetProperty("token_logprobs", out var tlp) && tlp.ValueKind == JsonValueKind.Array)
                foreach (var v in tlp.EnumerateArray()) answerLp.Add(Number(v, source));
            if (tops[0].ValueKind != JsonValueKind.Object)
                throw new ModelException($"{source} returned logprobs.top_logprobs[0] that is not a token→logprob object.");
            foreach (var prop in tops[0].EnumerateObject())
                top.Add(new TokenProbability(prop.Name, Math.Exp(Number(prop.Value, source))));
        }
        else if (requireLogProbs)
            throw new ModelException($"{source} returned no logprobs, so the small model's uncertainty cannot be measured. {LogProbsHelp}.");

        if (requireLogProbs && top.Count < 2)
            throw new ModelException($"{source} returned {top.Count} candidate(s) at the first answer token; the margin needs at least 2. Request a larger top-k. {LogProbsHelp}.");

        int promptTokens = 0, answerTokens = answerLp.Count;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            if (usage.TryGetProperty("prompt_tokens", out var pt) && pt.ValueKind == JsonValueKind.Number) promptTokens = pt.GetInt32();
            if (usage.TryGetProperty("completion_tokens", out var ctk) && ctk.ValueKind == JsonValueKind.Number) answerTokens = ctk.GetInt32();
        }
        return new ModelAnswer(text, top, promptTokens, answerTokens, answerLp.Count > 0 ? answerLp : null, wallTimeS);
    }

    private static double Number(JsonElement e, string source)
    {
        // Some servers write the log of a zero probability as null or -inf-like numbers; the floor keeps traces finite
        // (JSON has no infinity) while exp() of it is still 0.
        if (e.ValueKind == JsonValueKind.Null) return LogProbFloor;
        double v = e.GetDouble();
        if (double.IsNaN(v) || v > 1e-6)
            throw new ModelException($"{source} returned logprob {v}, which is not a log-probability (must be <= 0).");
        return Math.Clamp(v, LogProbFloor, 0);
    }
}
