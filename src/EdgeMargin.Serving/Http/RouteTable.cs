using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeMargin.Serving.Http;

/// <summary>
/// The gateway's routes, remembered with their methods, so that a request for a known path with the wrong method is
/// answered 405 with an <c>Allow</c> header (not 404), and an unknown path 404 listing the endpoints.
/// </summary>
internal sealed class RouteTable
{
    private readonly List<(string[] Segments, string Pattern, string[] Methods)> _routes = [];

    /// <summary>Maps <paramref name="pattern"/> (literal segments and <c>{name}</c> placeholders) for <paramref name="methods"/>.</summary>
    public void Map(WebApplication app, string pattern, string[] methods, RequestDelegate handler)
    {
        app.MapMethods(pattern, methods, handler);
        _routes.Add((pattern.Trim('/').Split('/'), pattern, methods));
    }

    /// <summary>Maps the fallback that answers 405 or 404 with a problem document.</summary>
    public void MapFallback(WebApplication app) => app.MapFallback(context =>
    {
        string[] path = (context.Request.Path.Value ?? "/").Trim('/').Split('/');
        var allowed = _routes.Where(r => Matches(r.Segments, path)).SelectMany(r => r.Methods).Distinct(StringComparer.Ordinal).ToArray();
        string endpoints = string.Join(", ", _routes.Select(r => $"{string.Join("/", r.Methods)} {r.Pattern}"));
        if (allowed.Length > 0)
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
            return Problem.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                $"{context.Request.Path} answers {string.Join(", ", allowed)}, not {context.Request.Method}.");
        }
        return Problem.WriteAsync(context, StatusCodes.Status404NotFound, "Not found",
            $"No endpoint {context.Request.Method} {context.Request.Path}. Endpoints: {endpoints}.");
    });

    private static bool Matches(string[] pattern, string[] path)
    {
        if (pattern.Length != path.Length) return false;
        for (int k = 0; k < pattern.Length; k++)
        {
            bool placeholder = pattern[k].StartsWith('{') && pattern[k].EndsWith('}');
            if (placeholder ? path[k].Length == 0 : !string.Equals(pattern[k], path[k], StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }
}
