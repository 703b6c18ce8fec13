using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeMargin.Serving.Tests;

/// <summary>
/// The far side of the pass-through: a tiny scripted OpenAI-compatible server on a real loopback Kestrel port. It echoes
/// the last user message as "edge: ...", streams three chunks when asked to, and can be told to fail or stall.
/// </summary>
internal sealed class ScriptedBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private ScriptedBackend(WebApplication app) => _app = app;

    /// <summary>Answer every request with HTTP 500.</summary>
    public bool Fail { get; set; }

    /// <summary>Wait this long before answering (honours cancellation).</summary>
    public TimeSpan Stall { get; set; }

    /// <summary>Answer every request with 307 to this URL (absolute).</summary>
    public string? RedirectTo { get; set; }

    /// <summary>Answer 401 with a body that quotes the Authorization header received (as some servers do).</summary>
    public bool EchoAuthorization { get; set; }

    /// <summary>Answer 200 with this content type and these bytes, whatever was asked.</summary>
    public (string ContentType, byte[] Body)? Canned { get; set; }

    /// <summary>
    /// Answer 200 with a declared Content-Length, send this many bytes of the canned (or a default) body, then abort the
    /// connection: a backend that dies mid-answer. 0: abort at once, before any status line.
    /// </summary>
    public int? DieAfterBytes { get; set; }

    /// <summary>What to answer (status, content type, body) when the request body is not JSON, as a real server does; null: a 400.</summary>
    public (int Status, string ContentType, byte[] Body)? OnMalformed { get; set; }

    /// <summary>The last request body received, as text.</summary>
    public string? LastBody { get; private set; }

    /// <summary>Requests received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Base URL of the OpenAI API, e.g. http://127.0.0.1:PORT/v1.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<ScriptedBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var backend = new ScriptedBackend(app);
        app.MapPost("/v1/chat/completions", ctx => backend.AnswerAsync(ctx, chat: true));
        app.MapPost("/v1/completions", ctx => backend.AnswerAsync(ctx, chat: false));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend.BaseUrl = address.TrimEnd('/') + "/v1";
        return backend;
    }

    private async Task AnswerAsync(HttpContext ctx, bool chat)
    {
        Interlocked.Increment(ref _requests);
        // Each request parses its own body: LastBody is shared by concurrent requests and only reports the latest.
        string received;
        using (var reader = new StreamReader(ctx.Request.Body)) LastBody = received = await reader.ReadToEndAsync();
        if (Stall > TimeSpan.Zero) await Task.Delay(Stall, ctx.RequestAborted);
        if (RedirectTo is string to)
        {
            ctx.Response.StatusCode = 307;
            ctx.Response.Headers.Location = to;
            return;
        }
        if (EchoAuthorization)
        {
            ctx.Response.StatusCode = 401;
            await ctx.Response.WriteAsJsonAsync(new { error = new { message = $"Incorrect API key provided: {ctx.Request.Headers.Authorization}" } });
            return;
        }
        if (DieAfterBytes is 0)
        {
            // Took the request, then closed without a status line.
            ctx.Abort();
            return;
        }
        if (DieAfterBytes is int cut)
        {
            byte[] whole = Canned?.Body ?? System.Text.Encoding.UTF8.GetBytes("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a long answer\"}}]}");
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = Canned?.ContentType ?? "application/json";
            ctx.Response.ContentLength = whole.Length;
            await ctx.Response.Body.WriteAsync(whole.AsMemory(0, Math.Min(cut, whole.Length)));
            await ctx.Response.Body.FlushAsync();
            // A moment for the head to be read: a reset right away can make the peer's kernel drop what it had received.
            await Task.Delay(300);
            ctx.Abort();
            return;
        }
        if (Canned is var (type, bytes))
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = type;
            await ctx.Response.Body.WriteAsync(bytes);
            return;
        }
        if (Fail)
        {
            ctx.Response.StatusCode = 500;
            await ctx.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure" } });
            return;
        }
        JsonNode? body;
        try { body = JsonNode.Parse(received); }
        catch (System.Text.Json.JsonException)
        {
            var refusal = OnMalformed ?? (400, "application/json", "{\"error\":{\"message\":\"malformed\"}}"u8.ToArray());
            ctx.Response.StatusCode = refusal.Status;
            ctx.Response.ContentType = refusal.ContentType;
            await ctx.Response.Body.WriteAsync(refusal.Body);
            return;
        }
        string prompt = chat ? body!["messages"]![0]!["content"]!.GetValue<string>() : body!["prompt"]!.GetValue<string>();
        bool stream = body["stream"]?.GetValue<bool>() ?? false;
        if (!stream)
        {
            var choice = chat
                ? new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "edge: " + prompt }, ["finish_reason"] = "stop" }
                : new JsonObject { ["index"] = 0, ["text"] = "edge: " + prompt, ["finish_reason"] = "stop" };
            await ctx.Response.WriteAsJsonAsync(new JsonObject { ["id"] = "cmpl-1", ["object"] = chat ? "chat.completion" : "text_completion", ["choices"] = new JsonArray(choice) });
            return;
        }
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        foreach (string piece in new[] { "edge", ": ", prompt })
        {
            var chunk = new JsonObject
            {
                ["id"] = "chunk",
                ["object"] = "chat.completion.chunk",
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = piece } }),
            };
            await ctx.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n");
            await ctx.Response.Body.FlushAsync();
        }
        await ctx.Response.WriteAsync("data: [DONE]\n\n");
    }

    public async ValueTask DisposeAsync()
    {
        try { await _app.StopAsync(); } catch (ObjectDisposedException) { }
        await _app.DisposeAsync();
    }

    /// <summary>Stops listening (the port then refuses connections).</summary>
    public Task StopAsync() => _app.StopAsync();
}
