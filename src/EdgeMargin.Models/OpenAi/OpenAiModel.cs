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
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        // The per-attempt timeout is a linked token, so a timeout can be told apart from the caller cancelling.
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The options this client was made with.</summary>
    public OpenAiOptions Options => _options;

    /// <inheritdoc />
    public string Id => $"openai{(_options.UseChat ? "-chat" : "")}:{_options.BaseUrl}#{_options.Model}";

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
        string json = RequestBody(prompt, maxTokens);
        string? lastProblem = null;

        for (int attempt = 0; attempt <= _options.MaxRetries; attempt++)
        {
            if (attempt > 0) await Task.Delay(BackoffDelay(attempt - 1), ct).ConfigureAwait(false);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(_options.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (!string.IsNullOrEmpty(_options.ApiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
            long start = Stopwatch.GetTimestamp();
            HttpStatusCode status;
            string text;
            try
            {
                using var response = await _http.SendAsync(request, cts.Token).ConfigureAwait(false);
                status = response.StatusCode;
                text = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                lastProblem = $"no answer within {_options.Timeout.TotalSeconds:0.###} s";
                continue;
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError || e.HttpRequestError == HttpRequestError.NameResolutionError)
            {
                // Nothing listens there: retrying only delays the message the user needs.
                throw new ModelException($"cannot reach the model server at {_options.BaseUrl} ({e.Message}). Start it (vllm serve, llama-server, ollama serve) or fix the base URL.", e);
            }
            catch (HttpRequestException e)
            {
                lastProblem = $"connection failed ({e.Message})";
                continue;
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            int code = (int)status;
            if (code == 429 || code >= 500)
            {
                lastProblem = $"HTTP {code}: {ServerMessage(text)}";
                continue;
            }
            if (status == HttpStatusCode.NotFound)
                throw new ModelException($"{url} answered 404 for model '{_options.Model}': {ServerMessage(text)}. Check the model name (GET {_options.BaseUrl.ToString().TrimEnd('/')}/models lists the served ones) and that the base URL ends in /v1.");
            if (code is 401 or 403)
                throw new ModelException($"{url} refused the request (HTTP {code}): {ServerMessage(text)}. Set EDGEMARGIN_API_KEY (or OPENAI_API_KEY).");
            if (code < 200 || code >= 300)
                throw new ModelException($"{url} answered HTTP {code} for model '{_options.Model}': {ServerMessage(text)}.");
            return OpenAiResponseParser.Parse(text, _options.UseChat, seconds, url.ToString(), _options.RequireLogProbs);
        }
        throw new ModelException($"{url} failed {_options.MaxRetries + 1} attempt(s) for model '{_options.Model}'; last: {lastProblem}. Check the server's load and log, or raise the timeout.");
    }

    private TimeSpan BackoffDelay(int retry) => TimeSpan.FromTicks(_options.InitialBackoff.Ticks << Math.Min(retry, 10));

    /// <summary>The error text a server put in its body (OpenAI/vLLM error.message, Ollama error), else the body itself, shortened.</summary>
    internal static string ServerMessage(string body)
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
