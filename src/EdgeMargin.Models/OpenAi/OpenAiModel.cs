using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMargin.Models.Backends;

namespace EdgeMargin.Models.OpenAi;

/// <summary>
/// OpenAI-compatible backend over plain HttpClient + System.Text.Json. The official OpenAI 2.x package has no client for
/// the legacy /v1/completions endpoint at all, and that endpoint is the one that gives next-token candidates for a raw
/// prompt on vLLM and llama-server; one hand-written path for both endpoints keeps the two shapes parsed the same way.
/// </summary>
public sealed class OpenAiModel : ILanguageModel
{
    private readonly OpenAiOptions _options;
    private readonly HttpClient _http;

    /// <summary>Creates a client for one endpoint and model; <paramref name="handler"/> is for tests that intercept HTTP.</summary>
    public OpenAiModel(OpenAiOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TopLogProbs, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries);
        _options = options;
        // Redirects are not followed: every answer would then come from a host the trace's provenance does not name.
        _http = handler is null ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) : new HttpClient(handler);
        // The per-attempt timeout is a linked token, so a timeout can be told apart from the caller cancelling.
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The options this client was made with.</summary>
    public OpenAiOptions Options => _options;

    /// <summary>The spec with the base URL's trailing slash dropped, so "…/v1" and "…/v1/" name the same model on resume.</summary>
    public string Id => $"openai{(_options.UseChat ? "-chat" : "")}:{Display(_options.BaseUrl).TrimEnd('/')}#{_options.Model}";

    /// <summary>The JSON body sent for <paramref name="prompt"/> (temperature 0, logprobs requested).</summary>
    public string RequestBody(string prompt, int maxTokens)
    {
        var body = new JsonObject { ["model"] = _options.Model };
        if (_options.UseChat)
        {
            body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt });
            body["logprobs"] = true;
            body["top_logprobs"] = _options.TopLogProbs;
        }
        else
        {
            body["prompt"] = prompt;
            body["logprobs"] = _options.TopLogProbs;
        }
        body["max_tokens"] = maxTokens;
        body["temperature"] = 0;
        body["stream"] = false;
        return body.ToJsonString();
    }

    /// <inheritdoc />
    public async Task<ModelAnswer> AnswerAsync(string prompt, int maxTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        var url = new Uri(_options.BaseUrl.ToString().TrimEnd('/') + (_options.UseChat ? "/chat/completions" : "/completions"));
        string where = Display(url);
        string json = RequestBody(prompt, maxTokens);
        string? lastProblem = null;
        TimeSpan? serverWait = null;

        for (int attempt = 0; attempt <= _options.MaxRetries; attempt++)
        {
            if (attempt > 0) await Task.Delay(RetryDelay(attempt - 1, serverWait), ct).ConfigureAwait(false);
            serverWait = null;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(_options.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (!string.IsNullOrEmpty(_options.ApiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
            long start = Stopwatch.GetTimestamp();
            HttpStatusCode status;
            string text;
            string? redirect = null;
            try
            {
                // Headers first, so the body can be read under a size cap instead of buffered whole by HttpClient.
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
                status = response.StatusCode;
                redirect = response.Headers.Location?.ToString();
                serverWait = response.Headers.RetryAfter is { } ra ? (ra.Delta ?? (ra.Date is { } d ? d - DateTimeOffset.UtcNow : null)) : null;
                text = await ReadCappedAsync(response, where, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                lastProblem = $"no answer within {_options.Timeout.TotalSeconds:0.###} s";
                continue;
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested && (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError || e.HttpRequestError == HttpRequestError.NameResolutionError))
            {
                // Nothing listens there: retrying only delays the message the user needs.
                throw new ModelException($"cannot reach the model server at {Display(_options.BaseUrl)} ({Redact(e.Message)}). Start it (vllm serve, llama-server, ollama serve) or fix the base URL.", e);
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
                lastProblem = $"connection failed ({Redact(e.Message)})";
                continue;
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            int code = (int)status;
            if (code is >= 300 and < 400)
                throw new ModelException($"{where} answered HTTP {code}, redirecting to {(redirect is null ? "(no Location)" : ModelSpecRedact(redirect))}. Redirects are not followed " +
                    "(the trace's model provenance would name one host while the answers came from another): set the base URL to the final address.");
            if (code == 429 || code >= 500)
            {
                lastProblem = $"HTTP {code}: {ServerMessage(text)}";
                continue;
            }
            if (status == HttpStatusCode.NotFound)
                throw new ModelException($"{where} answered 404 for model '{_options.Model}': {ServerMessage(text)}. Check the model name (GET {Display(_options.BaseUrl).TrimEnd('/')}/models lists the served ones) and that the base URL ends in /v1.");
            if (code is 401 or 403)
                throw new ModelException($"{where} refused the request (HTTP {code}): {ServerMessage(text)}. Set EDGEMARGIN_API_KEY (or OPENAI_API_KEY).");
            if (code < 200 || code >= 300)
                throw new ModelException($"{where} answered HTTP {code} for model '{_options.Model}': {ServerMessage(text)}.{TopKHint(code)}");
            return OpenAiResponseParser.Parse(text, _options.UseChat, seconds, where, _options.RequireLogProbs);
        }
        // A cancellation that landed while the last attempt was failing is still the caller's cancellation.
        ct.ThrowIfCancellationRequested();
        throw new ModelException($"{where} failed {_options.MaxRetries + 1} attempt(s) for model '{_options.Model}'; last: {lastProblem}. Check the server's load and log, or raise the timeout.");
    }

    private static string ModelSpecRedact(string url) => Backends.ModelSpec.Redact(url);

    /// <summary>Most candidates OpenAI, Ollama and vLLM (by default) accept per position.</summary>
    public const int CommonTopLogProbsCap = 20;

    private string TopKHint(int code) =>
        code == 400 && _options.TopLogProbs > CommonTopLogProbsCap
            ? $" {_options.TopLogProbs} candidates were requested; OpenAI and Ollama allow at most {CommonTopLogProbsCap}, and so does vLLM unless started with a larger --max-logprobs: request at most {CommonTopLogProbsCap} (--top-k)."
            : "";

    private async Task<string> ReadCappedAsync(HttpResponseMessage response, string where, CancellationToken ct)
    {
        long cap = _options.MaxResponseBytes;
        string TooLarge(string size) =>
            $"{where} sent a reply of {size} for model '{_options.Model}', more than the {cap / (1024.0 * 1024.0):0.##} MiB accepted; a completions reply for a few tokens is a few KiB. Check that the base URL points at an OpenAI-compatible /v1 endpoint.";
        if (response.Content.Headers.ContentLength is long declared && declared > cap)
            throw new ModelException(TooLarge($"{declared} bytes"));
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > cap) throw new ModelException(TooLarge("more bytes"));
            buffer.Write(chunk, 0, n);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Exponential backoff, or the server's Retry-After when it asks for longer (bounded by
    /// <see cref="OpenAiOptions.MaxRetryAfter"/>): retrying a rate-limited server sooner than it said only earns another 429.
    /// </summary>
    private TimeSpan RetryDelay(int retry, TimeSpan? serverWait)
    {
        var backoff = TimeSpan.FromTicks(_options.InitialBackoff.Ticks << Math.Min(retry, 10));
        if (serverWait is not { } wait || wait <= backoff) return backoff;
        return wait < _options.MaxRetryAfter ? wait : _options.MaxRetryAfter;
    }

    /// <summary>A URL as shown in errors and traces: without user info, which may hold a password.</summary>
    private static string Display(Uri uri) =>
        uri.UserInfo.Length == 0 ? uri.ToString() : new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();

    /// <summary>Removes the API key from text quoted from elsewhere (a server may echo the key it rejected).</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(_options.ApiKey) ? text : text.Replace(_options.ApiKey, "***", StringComparison.Ordinal);

    // Redacted before shortening, so a cut cannot leave part of the key behind.
    private string ServerMessage(string body) => ServerText(Redact(body));

    /// <summary>The error text a server put in its body (OpenAI/vLLM error.message, Ollama error), else the body itself, shortened.</summary>
    internal static string ServerText(string body)
    {
        try
        {
            var node = JsonNode.Parse(body);
            string? m = node?["error"] is JsonObject err ? err["message"]?.GetValue<string>()
                : node?["error"] is JsonValue ev && ev.TryGetValue(out string? es) ? es
                : node?["message"] is JsonValue mv && mv.TryGetValue(out string? ms) ? ms : null;
            if (!string.IsNullOrWhiteSpace(m)) return Shorten(m);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { }
        return body.Trim().Length == 0 ? "(empty body)" : Shorten(body.Trim());
    }

    private static string Shorten(string s)
    {
        // Messages are quoted mid-sentence: a closing period would double the one that follows.
        s = s.ReplaceLineEndings(" ").Trim().TrimEnd('.');
        return s.Length <= 300 ? s : s[..300] + "...";
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
