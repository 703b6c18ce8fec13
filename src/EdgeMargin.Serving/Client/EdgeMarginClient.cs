using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMargin.Serving.Decisions;
using EdgeMargin.Serving.Http;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Serving.Client;

/// <summary>
/// The device side: computes the uncertainty from the local model's top-k list, asks the gateway for a decision and
/// then answers locally or through the named edge server. Whatever fails (no gateway, a deadline, an error status, a
/// dead backend, an unusable answer) the device answers locally and the result says so: a query is never dropped.
/// Thread-safe; share one instance (and one <see cref="HttpClient"/>) per device process.
/// </summary>
public sealed class EdgeMarginClient(HttpClient http, EdgeMarginClientOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Uri _decide = new(options.Gateway, "v1/offload/decide");
    private readonly Uri _chat = new(options.Gateway, "v1/chat/completions");

    /// <summary>The options in use.</summary>
    public EdgeMarginClientOptions Options { get; } = options;

    /// <summary>
    /// Answers <paramref name="query"/>. <paramref name="answerLocally"/> runs the device's own model; it is called when the
    /// gateway says local and whenever the edge route fails. Only its own exceptions, or cancellation through
    /// <paramref name="cancellationToken"/>, escape.
    /// </summary>
    public async Task<QueryResult> AskAsync(DeviceQuery query, Func<DeviceQuery, CancellationToken, Task<string>> answerLocally,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(answerLocally);
        var clock = Stopwatch.StartNew();
        double? u = null;
        try { u = Signal(query); }
        catch (InvalidDistributionException ex)
        {
            return new QueryResult(await answerLocally(query, cancellationToken), AnswerRoute.Local, true,
                $"the local top-k list is unusable ({ex.Message}); answered locally without asking the gateway", null, null, clock.Elapsed);
        }

        var attempt = await DecideAsync(query, u, cancellationToken);
        if (attempt.Decision is not { } decision)
            return new QueryResult(await answerLocally(query, cancellationToken), AnswerRoute.Local, true, attempt.Failure, u, null, clock.Elapsed);
        if (decision.Decision != DecideResponse.Offload || decision.ServerId is null)
            return new QueryResult(await answerLocally(query, cancellationToken), AnswerRoute.Local, false, null, u, decision, clock.Elapsed);

        var (answer, failure) = await OffloadAsync(query, decision.ServerId, cancellationToken);
        if (answer is not null) return new QueryResult(answer, AnswerRoute.Edge, false, null, u, decision, clock.Elapsed);
        return new QueryResult(await answerLocally(query, cancellationToken), AnswerRoute.Local, true, failure, u, decision, clock.Elapsed);
    }

    /// <summary>The uncertainty of <paramref name="query"/>: the signal on its top-k list, or its given value.</summary>
    /// <exception cref="InvalidDistributionException">The top-k list is unusable, or neither is given.</exception>
    public double Signal(DeviceQuery query)
    {
        if (query.TopK is { } topK) return Options.Signal.Compute(TopKDistribution.FromTokens(topK, Options.K));
        return query.Uncertainty ?? throw new InvalidDistributionException("The query has neither a top-k list nor an uncertainty.");
    }

    /// <summary>Asks the gateway only (no answering); never throws for gateway failures, which come back in the attempt.</summary>
    public async Task<DecideAttempt> DecideAsync(DeviceQuery query, double? uncertainty, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var body = new DecideRequest
        {
            DeviceId = query.DeviceId,
            Uncertainty = uncertainty ?? query.Uncertainty,
            PayloadBytes = Encoding.UTF8.GetByteCount(query.Prompt),
            LocalComputeS = query.LocalComputeS,
            DeviceCapacityFlops = query.DeviceCapacityFlops,
            ChannelGains = query.ChannelGains,
            SnrDb = query.ChannelGains is null ? query.SnrDb : null,
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.DecideDeadline);
        try
        {
            using var response = await http.PostAsJsonAsync(_decide, body, Json, deadline.Token);
            int status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                string detail = await ReadDetailAsync(response, deadline.Token);
                return new DecideAttempt(null, $"gateway answered {status}{detail}", status, clock.Elapsed);
            }
            var decision = await response.Content.ReadFromJsonAsync<DecideResponse>(Json, deadline.Token);
            return decision is null
                ? new DecideAttempt(null, "gateway answered JSON null", status, clock.Elapsed)
                : new DecideAttempt(decision, null, status, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DecideAttempt(null, $"gateway gave no decision within {Options.DecideDeadline.TotalMilliseconds:0} ms", 0, clock.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            return new DecideAttempt(null, $"gateway unreachable: {ex.Message}", 0, clock.Elapsed);
        }
        catch (JsonException ex)
        {
            return new DecideAttempt(null, $"gateway answer is not a decision: {ex.Message}", 0, clock.Elapsed);
        }
    }

    private async Task<(string? Answer, string? Failure)> OffloadAsync(DeviceQuery query, string serverId, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = Options.Model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = query.Prompt }),
            ["stream"] = false,
        };
        if (Options.MaxTokens is int max) body["max_tokens"] = max;
        if (Options.Temperature is double temperature) body["temperature"] = temperature;
        using var request = new HttpRequestMessage(HttpMethod.Post, _chat) { Content = JsonContent.Create(body) };
        request.Headers.Add(ProxyEndpoint.ServerHeader, serverId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.OffloadDeadline);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            if (!response.IsSuccessStatusCode)
                return (null, $"edge server '{serverId}' answered {(int)response.StatusCode}{await ReadDetailAsync(response, deadline.Token)}");
            var json = await response.Content.ReadFromJsonAsync<JsonNode>(Json, deadline.Token);
            string? text = json?["choices"]?[0]?["message"]?["content"]?.GetValue<string>();
            return text is null ? (null, $"edge server '{serverId}' answered without choices[0].message.content") : (text, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"edge server '{serverId}' gave no answer within {Options.OffloadDeadline.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"edge route to '{serverId}' failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return (null, $"edge server '{serverId}' answer is not a chat completion: {ex.Message}");
        }
    }

    /// <summary>": detail" from a problem body, or "" when there is none.</summary>
    private static async Task<string> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            string text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (text.Length == 0) return "";
            try
            {
                if (JsonNode.Parse(text)?["detail"]?.GetValue<string>() is string detail) return ": " + detail;
            }
            catch (JsonException) { }
            return ": " + (text.Length > 200 ? text[..200] + "..." : text);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return "";
        }
    }
}
