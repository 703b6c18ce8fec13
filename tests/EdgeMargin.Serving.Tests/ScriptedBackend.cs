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
        if (Stall > TimeSpan.Zero) await Task.Delay(Stall, ctx.RequestAborted);
        if (Fail)
        {
            ctx.Response.StatusCode = 500;
            await ctx.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure" } });
            return;
        }
        var body = await JsonNode.ParseAsync(ctx.Request.Body);
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
