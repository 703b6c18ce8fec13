using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeMargin.Serving.Batching;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Decisions;
using EdgeMargin.Serving.Metrics;
using Microsoft.AspNetCore.Http;

namespace EdgeMargin.Serving.Http;

/// <summary><c>POST /v1/offload/decide</c>: validate, queue for the next epoch, answer with the device's decision.</summary>
internal sealed class DecideEndpoint(GatewayOptions options, DecideRequestValidator validator, EpochPipeline pipeline, GatewayMetrics metrics, TimeProvider time)
{
    /// <summary>Strict: unknown fields are typos and are refused; "NaN"/"Infinity" are read so validation can name them.</summary>
    internal static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // A key given twice is ambiguous (which one did the device mean?); refused rather than silently taking the last.
        AllowDuplicateProperties = false,
    };

    internal static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web);

    /// <summary>Devices that went away while their request waited for its epoch (counted when the gateway notices).</summary>
    public CountSignal Abandoned { get; } = new();

    private readonly TimeSpan _retryAfter = TimeSpan.FromMilliseconds(Math.Max(1000, options.EpochWindowMs * 4));

    public async Task HandleAsync(HttpContext context)
    {
        long arrived = time.GetTimestamp();
        metrics.Requests.Increment("decide");
        if (!IsJson(context.Request.ContentType))
        {
            metrics.Rejections.Increment("invalid");
            await Problem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the request as JSON with 'Content-Type: application/json' (got '{context.Request.ContentType}').");
            return;
        }
        var read = await BodyReader.ReadAsync(context, options.MaxDecideBodyBytes);
        if (read.Bytes is not { } raw)
        {
            metrics.Rejections.Increment(read.Status == StatusCodes.Status413PayloadTooLarge ? "too_large" : "invalid");
            await read.WriteProblemAsync(context, options.MaxDecideBodyBytes,
                $"a decide request carries the uncertainty or a top-k list of at most 30 tokens, not the prompt (maxDecideBodyBytes: {options.MaxDecideBodyBytes}).");
            return;
        }
        // A UTF-8 byte order mark is legal at the start of a JSON text (RFC 8259 lets a parser ignore it); decide --scenario accepts one too.
        var body = raw.AsMemory();
        if (body.Span.StartsWith(Utf8Bom)) body = body[Utf8Bom.Length..];

        DecideRequest? request;
        try { request = JsonSerializer.Deserialize<DecideRequest>(body.Span, RequestJson); }
        catch (JsonException ex)
        {
            metrics.Rejections.Increment("invalid");
            string field = FieldOf(ex.Path);
            string line = ex.LineNumber is long l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : "";
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON",
                $"The body is not a valid decide request{(field.Length > 0 ? $" at '{field}'" : "")}{line}: {GatewayConfig.Trim(ex.Message)}",
                [new(field.Length > 0 ? field : "$", GatewayConfig.Trim(ex.Message))]);
            return;
        }
        if (request is null)
        {
            metrics.Rejections.Increment("invalid");
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON", "The body is JSON null; send an object.", [new("$", "must be an object")]);
            return;
        }

        var problems = new List<FieldProblem>();
        var demand = validator.Validate(request, problems);
        if (demand is null)
        {
            metrics.Rejections.Increment("invalid");
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid decide request",
                string.Join(" ", problems.Select(p => $"{p.Field}: {p.Message}")), problems);
            return;
        }

        var pending = new PendingDecision(demand, arrived, context.RequestAborted);
        if (!pipeline.TryEnqueue(pending))
        {
            if (pipeline.IsStopping)
            {
                await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Gateway stopping",
                    "The gateway is shutting down and accepts no new decisions. Answer this query locally.", retryAfter: _retryAfter);
                return;
            }
            metrics.Rejections.Increment("overloaded");
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Gateway at capacity",
                $"{options.MaxPendingRequests} requests are already waiting for a decision. Answer this query locally, or retry after the Retry-After delay.",
                retryAfter: _retryAfter);
            return;
        }

        DecideResponse decision;
        try { decision = await pending.Completion.Task.WaitAsync(context.RequestAborted); }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The device went away (it answers locally); nobody is left to answer.
            Abandoned.Increment();
            return;
        }
        catch (GatewayStoppingException ex)
        {
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Gateway stopping", ex.Message, retryAfter: _retryAfter);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The epoch could not be decided (a bug: requests are validated first). Say so instead of an empty 500.
            metrics.Rejections.Increment("internal");
            await Problem.WriteAsync(context, StatusCodes.Status500InternalServerError, "Epoch could not be decided",
                $"{ex.GetType().Name}: {ex.Message} Answer this query locally, and please report it.");
            return;
        }
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, decision, ResponseJson, context.RequestAborted);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Whether a Content-Type names JSON: exactly <c>application/json</c> or a <c>+json</c> suffix type, with no charset
    /// or a UTF-8 one (RFC 8259: JSON between systems is UTF-8). No header at all is taken as JSON. A prefix such as
    /// <c>application/jsonBOGUS</c> is not JSON.
    /// </summary>
    internal static bool IsJson(string? contentType)
    {
        if (contentType is null) return true;
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not string type) return false;
        bool json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && type.StartsWith("application/", StringComparison.OrdinalIgnoreCase));
        string? charset = media.Charset.Value;
        return json && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"$.topK[2].probability" becomes "topK[2].probability".</summary>
    private static string FieldOf(string? path) => path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
