using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeMargin.Serving.Http;

/// <summary>Reads a request body into memory with a hard size limit.</summary>
internal static class BodyReader
{
    /// <summary>
    /// The body, or why there is none: too large (413), or a body Kestrel refused while it was read (a broken chunked
    /// encoding is 400, a client sending too slowly 408); the caller answers with a problem document either way.
    /// </summary>
    public static async Task<Body> ReadAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength is long declared && declared > limit) return Body.TooLarge;
        // Lower Kestrel's own limit too, so a chunked body cannot stream past it either.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(context.Request.ContentLength ?? 1024, limit) + 1);
        var body = context.Request.Body;
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                int read = await body.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
                if (read == 0) break;
                buffer.Advance(read);
                if (buffer.WrittenCount > limit) return Body.TooLarge;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Body.TooLarge;
        }
        catch (BadHttpRequestException ex)
        {
            return new Body(null, ex.StatusCode, ex.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The request body arrived too slowly; send it in one go."
                : $"The request body could not be read: {ex.Message}");
        }
        return new Body(buffer.WrittenSpan.ToArray(), StatusCodes.Status200OK, null);
    }

    /// <summary>A body read, or the status and reason it could not be.</summary>
    internal readonly record struct Body(byte[]? Bytes, int Status, string? Problem)
    {
        public static Body TooLarge => new(null, StatusCodes.Status413PayloadTooLarge, null);

        /// <summary>Answers the failure with a problem document (the caller has already counted it).</summary>
        public Task WriteProblemAsync(HttpContext context, int limit, string tooLargeAdvice) => Status == StatusCodes.Status413PayloadTooLarge
            ? Http.Problem.WriteAsync(context, Status, "Request body too large", $"A request here may be at most {limit} bytes; {tooLargeAdvice}")
            : Http.Problem.WriteAsync(context, Status, Status == StatusCodes.Status408RequestTimeout ? "Request body timeout" : "Bad request body", Problem ?? "The body could not be read.");
    }
}
