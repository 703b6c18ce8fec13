namespace EdgeMargin.Models.OpenAi;

/// <summary>Settings of an OpenAI-compatible endpoint (vLLM, llama.cpp llama-server, Ollama).</summary>
public sealed record OpenAiOptions
{
    /// <summary>Base URL including the /v1 segment, e.g. http://127.0.0.1:8080/v1.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Model name the server knows.</summary>
    public required string Model { get; init; }

    /// <summary>Bearer key; servers on loopback usually ignore it.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Use /chat/completions instead of /completions.</summary>
    public bool UseChat { get; init; }

    /// <summary>How many candidates to request at each position (logprobs / top_logprobs). vLLM and OpenAI cap it at 20.</summary>
    public int TopLogProbs { get; init; } = 10;

    /// <summary>
    /// Fail when the reply has no logprobs (the small model needs them for its margin); off for the large model, whose
    /// answer alone is scored, so servers without logprob support can still serve it.
    /// </summary>
    public bool RequireLogProbs { get; init; } = true;

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt on 429, 5xx and timeouts (never on other 4xx).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Delay before the first retry; doubles each time.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Longest wait a server's Retry-After header (on 429 or 5xx) can ask for before the next attempt; a longer request
    /// is cut to this, so a misconfigured server cannot stall a run for hours.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Largest reply body read, in bytes (16 MiB). A reply for a few tokens with 20 candidates each is a few KiB; anything
    /// near this is not a completions reply, and reading it whole could exhaust memory.
    /// </summary>
    public long MaxResponseBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>EDGEMARGIN_API_KEY, else OPENAI_API_KEY, else null.</summary>
    public static string? EnvironmentApiKey() =>
        NonEmpty(Environment.GetEnvironmentVariable("EDGEMARGIN_API_KEY")) ?? NonEmpty(Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
