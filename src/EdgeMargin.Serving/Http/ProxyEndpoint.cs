using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Decisions;
using EdgeMargin.Serving.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeMargin.Serving.Http;

/// <summary>
/// The OpenAI-compatible pass-through: <c>/v1/chat/completions</c> and <c>/v1/completions</c> are forwarded unchanged to
/// the backend of the server named in <see cref="ServerHeader"/>, and the answer (server-sent events included) is
/// streamed back chunk by chunk as it arrives.
/// </summary>
internal sealed class ProxyEndpoint(GatewayOptions options, ServerSet serverSet, HttpClient http, GatewayMetrics metrics)
{
    /// <summary>Header naming the edge server (its id) a prompt goes to, as returned by the decide endpoint.</summary>
    public const string ServerHeader = "X-EdgeMargin-Server";

    private readonly Dictionary<string, BackendServerOptions> _servers = (options.Servers ?? [])
        .Select((s, j) => (Id: s.Id ?? $"es{j}", Server: s)).ToDictionary(p => p.Id, p => p.Server, StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context, string path)
    {
        metrics.Requests.Increment(path);
        string? id = context.Request.Headers[ServerHeader].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(id))
        {
            if (_servers.Count == 1) id = _servers.Keys.First();
            else
            {
                metrics.Rejections.Increment("invalid");
                await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "No edge server named",
                    $"Set the {ServerHeader} header to the serverId the decide endpoint returned (one of: {string.Join(", ", _servers.Keys)}).",
                    [new(ServerHeader, "is missing")]);
                return;
            }
        }
        if (!_servers.TryGetValue(id, out var server))
        {
            metrics.Rejections.Increment("invalid");
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Unknown edge server",
                $"{ServerHeader} '{id}' is not a configured server; use one of: {string.Join(", ", _servers.Keys)}.", [new(ServerHeader, $"'{id}' is unknown")]);
            return;
        }
        if (!serverSet.IsAvailable(id))
        {
            metrics.Rejections.Increment("unavailable");
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Server unavailable",
                $"Edge server '{id}' is marked unavailable; epochs are decided without it for now. Answer locally, or ask for a new decision.",
                retryAfter: TimeSpan.FromSeconds(5));
            return;
        }
        if (server.BaseUrl is null)
        {
            metrics.Rejections.Increment("no_backend");
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Server has no backend",
                $"Edge server '{id}' has no baseUrl in the gateway config, so it cannot answer prompts. Answer locally.", retryAfter: TimeSpan.FromSeconds(30));
            return;
        }
        var body = await BodyReader.ReadAsync(context, options.MaxProxyBodyBytes);
        if (body is null)
        {
            metrics.Rejections.Increment("too_large");
            await Problem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"A prompt request may be at most {options.MaxProxyBodyBytes} bytes (maxProxyBodyBytes in the gateway config).");
            return;
        }

        metrics.BackendRequests.Increment(id);
        var target = new Uri(server.BaseUrl.TrimEnd('/') + "/" + path);
        using var forward = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        forward.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType ?? "application/json");
        if (server.ApiKey is string key) forward.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        else if (context.Request.Headers.Authorization.FirstOrDefault() is string auth) forward.Headers.TryAddWithoutValidation("Authorization", auth);
        if (context.Request.Headers.Accept.FirstOrDefault() is string accept) forward.Headers.TryAddWithoutValidation("Accept", accept);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.BackendTimeoutS));
        HttpResponseMessage upstream;
        try
        {
            upstream = await http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            metrics.BackendErrors.Increment(id);
            await Problem.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Edge backend timed out",
                $"Edge server '{id}' did not answer within {options.BackendTimeoutS} s. Answer locally.");
            return;
        }
        catch (HttpRequestException ex)
        {
            metrics.BackendErrors.Increment(id);
            await Problem.WriteAsync(context, StatusCodes.Status502BadGateway, "Edge backend unreachable",
                $"Edge server '{id}' at {server.BaseUrl} could not be reached ({ex.Message}). Answer locally.");
            return;
        }

        using (upstream)
        {
            if ((int)upstream.StatusCode >= 500) metrics.BackendErrors.Increment(id);
            var response = context.Response;
            response.StatusCode = (int)upstream.StatusCode;
            if (upstream.Content.Headers.ContentType is { } type) response.ContentType = type.ToString();
            if (upstream.Headers.CacheControl is { } cache) response.Headers.CacheControl = cache.ToString();
            response.Headers[ServerHeader] = id;
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            try
            {
                await using var stream = await upstream.Content.ReadAsStreamAsync(timeout.Token);
                var buffer = new byte[8192];
                int read;
                while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    await response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    // Flush every chunk: with streaming, each server-sent event must reach the device as it is produced.
                    await response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
            {
                if (context.RequestAborted.IsCancellationRequested) return;
                // The status line is already sent; aborting is the only honest way to tell the device the answer is cut.
                metrics.BackendErrors.Increment(id);
                context.Abort();
            }
        }
    }
}
