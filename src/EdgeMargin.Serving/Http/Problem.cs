using System.Text.Json;
using EdgeMargin.Serving.Decisions;
using Microsoft.AspNetCore.Http;

namespace EdgeMargin.Serving.Http;

/// <summary>RFC 7807 problem documents (<c>application/problem+json</c>) with the offending fields named.</summary>
internal static class Problem
{
    // Relaxed escaping keeps quotes and '>' readable in messages; the body is JSON, never embedded in HTML.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a problem; <paramref name="errors"/> maps each JSON field to what is wrong with it.</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, IReadOnlyList<FieldProblem>? errors = null,
        TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        if (retryAfter is TimeSpan wait) response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://edgemargin.dev/problems/{status}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = context.Request.Path.Value,
        };
        if (errors is { Count: > 0 })
        {
            var byField = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var e in errors)
            {
                if (!byField.TryGetValue(e.Field, out var list)) byField[e.Field] = list = [];
                list.Add(e.Message);
            }
            body["errors"] = byField;
        }
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
