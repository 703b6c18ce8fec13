using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeMargin.Serving.Http;

/// <summary>Reads a request body into memory with a hard size limit.</summary>
internal static class BodyReader
{
    /// <summary>The body, or null when it exceeds <paramref name="limit"/> bytes (the caller answers 413).</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength is long declared && declared > limit) return null;
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
                if (buffer.WrittenCount > limit) return null;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.WrittenSpan.ToArray();
    }
}
