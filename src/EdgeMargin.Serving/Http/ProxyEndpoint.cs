using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Decisions;
using EdgeMargin.Serving.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeMargin.Serving.Http;

/// <summary>
/// The OpenAI-compatible pass-through: <c>/v1/chat/completions</c> and <c>/v1/completions</c> are forwarded unchanged to
/// the backend of the server named in <see cref="ServerHeader"/>, and the answer comes back as the backend sent it:
/// server-sent events chunk by chunk as they arrive, a whole answer once it is complete.
/// </summary>
/// <remarks>
/// <para>
/// What is counted against a backend (<c>edgemargin_backend_errors_total</c>) is what the backend did: unreachable,
/// closed before or in the middle of its answer, slower than <c>backendTimeoutS</c>, a 5xx, a redirect, or a 200 whose
/// body is not JSON. A device's own bad request is not: a body that is not a JSON object is refused here with 400 and
/// never forwarded (llama-server answers malformed JSON with 500, which would otherwise count against it).
/// </para>
/// <para>
/// A non-streaming answer is read whole before anything is sent to the device (bounded by
/// <see cref="MaxAnswerBytes"/>): the device cannot use half a JSON document anyway, and reading it first is what lets a
/// backend that fails mid-answer, or answers garbage, be reported to the device as a 502 with the reason instead of a
/// cut connection. Streams are passed through as they come; a stream that breaks is cut, as its status is already sent.
/// </para>
/// </remarks>
internal sealed class ProxyEndpoint(GatewayOptions options, ServerSet serverSet, HttpClient http, GatewayMetrics metrics, CancellationToken graceOver,
    bool forwardDeviceAuthorization = true)
{
    /// <summary>Header naming the edge server (its id) a prompt goes to, as returned by the decide endpoint.</summary>
    public const string ServerHeader = "X-EdgeMargin-Server";

    /// <summary>Largest non-streaming answer accepted from a backend (a chat completion with log-probabilities is a few KB).</summary>
    public const int MaxAnswerBytes = 32 * 1024 * 1024;

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
                $"{ServerHeader} '{Shorten(id)}' is not a configured server; use one of: {string.Join(", ", _servers.Keys)}.", [new(ServerHeader, "is unknown")]);
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
        var read = await BodyReader.ReadAsync(context, options.MaxProxyBodyBytes);
        if (read.Bytes is not { } body)
        {
            metrics.Rejections.Increment(read.Status == StatusCodes.Status413PayloadTooLarge ? "too_large" : "invalid");
            await read.WriteProblemAsync(context, options.MaxProxyBodyBytes, $"maxProxyBodyBytes in the gateway config is {options.MaxProxyBodyBytes}.");
            return;
        }
        if (!DecideEndpoint.IsJson(context.Request.ContentType))
        {
            metrics.Rejections.Increment("invalid");
            await Problem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the prompt request as JSON with 'Content-Type: application/json' (got '{Shorten(context.Request.ContentType ?? "")}').");
            return;
        }
        if (JsonObjectProblem(body) is string malformed)
        {
            // The device's mistake, answered here: forwarded, it would come back as the backend's error (llama-server: 500).
            metrics.Rejections.Increment("invalid");
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON", $"The prompt request is not a JSON object: {malformed}",
                [new("$", malformed)]);
            return;
        }

        metrics.BackendRequests.Increment(id);
        string shownUrl = Redaction.Redact(server.BaseUrl);
        var target = new Uri(server.BaseUrl.TrimEnd('/') + "/" + path);
        using var forward = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        forward.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType ?? "application/json");
        if (server.ApiKey is string key) forward.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        // With device keys the device's Authorization is its key to this gateway, never to be passed on to a backend.
        else if (forwardDeviceAuthorization && context.Request.Headers.Authorization.FirstOrDefault() is string auth) forward.Headers.TryAddWithoutValidation("Authorization", auth);
        if (context.Request.Headers.Accept.FirstOrDefault() is string accept) forward.Headers.TryAddWithoutValidation("Accept", accept);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.BackendTimeoutS));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token, graceOver);
        var token = linked.Token;
        HttpResponseMessage upstream;
        try
        {
            upstream = await http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await WriteStoppedOrTimedOutAsync(context, id);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (HttpRequestException ex)
        {
            metrics.BackendErrors.Increment(id);
            string why = Redaction.Redact(ex.Message, server.ApiKey);
            if (NeverConnected(ex))
                await Problem.WriteAsync(context, StatusCodes.Status502BadGateway, "Edge backend unreachable",
                    $"Edge server '{id}' at {shownUrl} could not be reached ({why}). Answer locally.");
            else
                await Problem.WriteAsync(context, StatusCodes.Status502BadGateway, "Edge backend failed",
                    $"Edge server '{id}' at {shownUrl} took the request but failed before answering ({why}). Answer locally.");
            return;
        }

        using (upstream)
        {
            int status = (int)upstream.StatusCode;
            if (status is >= 300 and < 400)
            {
                metrics.BackendErrors.Increment(id);
                string to = upstream.Headers.Location is { } location ? Redaction.Redact(location.ToString()) : "(no Location)";
                await Problem.WriteAsync(context, StatusCodes.Status502BadGateway, "Edge backend redirected",
                    $"Edge server '{id}' at {shownUrl} answered {status} to {Shorten(to)}. The gateway does not follow redirects (a prompt would go to an address " +
                    "nobody configured); set baseUrl to the final address. Answer locally.");
                return;
            }
            if (status >= 500) metrics.BackendErrors.Increment(id);
            bool streaming = upstream.Content.Headers.ContentType?.MediaType is "text/event-stream";
            if (streaming) await StreamAsync(context, upstream, id, token);
            else await RelayWholeAsync(context, upstream, id, server, shownUrl, token);
        }
    }

    private async Task RelayWholeAsync(HttpContext context, HttpResponseMessage upstream, string id, BackendServerOptions server, string shownUrl, CancellationToken token)
    {
        byte[] answer;
        try
        {
            answer = await ReadCappedAsync(upstream.Content, token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await WriteStoppedOrTimedOutAsync(context, id);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (InvalidDataException)
        {
            metrics.BackendErrors.Increment(id);
            await Problem.WriteAsync(context, StatusCodes.Status502BadGateway, "Edge backend answer too large",
                $"Edge server '{id}' at {shownUrl} sent more than {MaxAnswerBytes} bytes for one non-streaming answer. Answer locally.");
            return;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            metrics.BackendErrors.Increment(id);
            await Problem.WriteAsync(context, StatusCodes.Status502BadGateway, "Edge backend failed mid-answer",
                $"Edge server '{id}' at {shownUrl} failed mid-answer: it answered {(int)upstream.StatusCode} and broke off before the answer was complete " +
                $"({Redaction.Redact(ex.Message, server.ApiKey)}). Answer locally.");
            return;
        }
        int status = (int)upstream.StatusCode;
        if (status is >= 200 and < 300 && JsonProblem(answer) is string garbage)
        {
            metrics.BackendErrors.Increment(id);
            await Problem.WriteAsync(context, StatusCodes.Status502BadGateway, "Edge backend answered garbage",
                $"Edge server '{id}' at {shownUrl} answered {status} with {answer.Length} bytes that are not JSON ({garbage}). Answer locally.");
            return;
        }
        // A backend may echo the key it was sent (in an error about it); the device never sees the gateway's key.
        if (server.ApiKey is { Length: > 0 } secret) answer = ReplaceSecret(answer, secret);
        var response = context.Response;
        response.StatusCode = status;
        if (upstream.Content.Headers.ContentType is { } type) response.ContentType = type.ToString();
        if (upstream.Headers.CacheControl is { } cache) response.Headers.CacheControl = cache.ToString();
        response.Headers[ServerHeader] = id;
        response.ContentLength = answer.Length;
        await response.Body.WriteAsync(answer, context.RequestAborted);
    }

    private async Task StreamAsync(HttpContext context, HttpResponseMessage upstream, string id, CancellationToken token)
    {
        var response = context.Response;
        response.StatusCode = (int)upstream.StatusCode;
        if (upstream.Content.Headers.ContentType is { } type) response.ContentType = type.ToString();
        if (upstream.Headers.CacheControl is { } cache) response.Headers.CacheControl = cache.ToString();
        response.Headers[ServerHeader] = id;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var events = new EventChecker();
        try
        {
            await using var stream = await upstream.Content.ReadAsStreamAsync(token);
            var buffer = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(buffer, token)) > 0)
            {
                events.Feed(buffer.AsSpan(0, read));
                await response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                // Flush every chunk: with streaming, each server-sent event must reach the device as it is produced.
                await response.Body.FlushAsync(context.RequestAborted);
            }
            // Bytes pass through exactly; a stream whose events are not JSON is still the backend's fault to count.
            if (events.Garbage) metrics.BackendErrors.Increment(id);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            if (context.RequestAborted.IsCancellationRequested) return;
            // The status line is already sent; aborting is the only honest way to tell the device the answer is cut.
            if (!graceOver.IsCancellationRequested) metrics.BackendErrors.Increment(id);
            context.Abort();
        }
    }

    private Task WriteStoppedOrTimedOutAsync(HttpContext context, string id)
    {
        if (graceOver.IsCancellationRequested)
        {
            metrics.Rejections.Increment("stopping");
            return Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Gateway stopping",
                $"The gateway is shutting down and its grace period ended before edge server '{id}' answered. Answer locally.", retryAfter: TimeSpan.FromSeconds(5));
        }
        metrics.BackendErrors.Increment(id);
        return Problem.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Edge backend timed out",
            $"Edge server '{id}' did not answer within {options.BackendTimeoutS} s. Answer locally.");
    }

    /// <summary>True when the request never reached the backend (refused, unresolvable, connect timeout), as opposed to a backend that failed after taking it.</summary>
    private static bool NeverConnected(HttpRequestException ex)
    {
        if (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError) return true;
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut or SocketError.HostNotFound })
                return true;
        return false;
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken token)
    {
        if (content.Headers.ContentLength is long declared && declared > MaxAnswerBytes) throw new InvalidDataException();
        await using var stream = await content.ReadAsStreamAsync(token);
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(content.Headers.ContentLength ?? 4096, MaxAnswerBytes) + 1);
        while (true)
        {
            int read = await stream.ReadAsync(buffer.GetMemory(16384), token);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxAnswerBytes) throw new InvalidDataException();
        }
        // A declared length that the body fell short of is a backend that broke off (HttpClient reports most of these itself).
        if (content.Headers.ContentLength is long length && buffer.WrittenCount != length)
            throw new IOException($"the backend declared {length} bytes and sent {buffer.WrittenCount}");
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Null when <paramref name="body"/> is one JSON object (a UTF-8 BOM allowed); else what is wrong, with where.</summary>
    internal static string? JsonObjectProblem(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) body = body[3..];
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read()) return "the body is empty.";
            if (reader.TokenType != JsonTokenType.StartObject) return $"it starts with {reader.TokenType}, not an object ('{{').";
            reader.Skip();
            if (reader.Read()) return $"there is more after the object (byte {reader.TokenStartIndex + 1}).";
            return null;
        }
        catch (JsonException ex)
        {
            return $"{Config.GatewayConfig.Trim(ex.Message)}";
        }
    }

    /// <summary>Null when <paramref name="body"/> is one JSON value; else what is wrong.</summary>
    private static string? JsonProblem(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read()) return "an empty body";
            reader.Skip();
            return reader.Read() ? "more after the first value" : null;
        }
        catch (JsonException ex)
        {
            return Config.GatewayConfig.Trim(ex.Message);
        }
    }

    private static byte[] ReplaceSecret(byte[] answer, string secret)
    {
        byte[] needle = Encoding.UTF8.GetBytes(secret);
        if (answer.AsSpan().IndexOf(needle) < 0) return answer;
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(answer).Replace(secret, "***", StringComparison.Ordinal));
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    /// <summary>Checks, as bytes pass, that every server-sent event's data is JSON or the closing <c>[DONE]</c>.</summary>
    private sealed class EventChecker
    {
        private readonly ArrayBufferWriter<byte> _line = new(1024);

        public bool Garbage { get; private set; }

        public void Feed(ReadOnlySpan<byte> chunk)
        {
            if (Garbage) return;
            while (chunk.Length > 0)
            {
                int end = chunk.IndexOf((byte)'\n');
                if (end < 0)
                {
                    // Long lines are kept only up to a bound; an event larger than that is not checked.
                    if (_line.WrittenCount < 1 << 20) _line.Write(chunk);
                    return;
                }
                _line.Write(chunk[..end]);
                Check(_line.WrittenSpan);
                _line.Clear();
                chunk = chunk[(end + 1)..];
            }
        }

        private void Check(ReadOnlySpan<byte> line)
        {
            if (line.EndsWith((byte)'\r')) line = line[..^1];
            if (!line.StartsWith("data:"u8)) return;
            var data = line["data:".Length..].TrimStart((byte)' ');
            if (data.SequenceEqual("[DONE]"u8)) return;
            if (JsonProblem(data) is not null) Garbage = true;
        }
    }
}
