using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeMargin.Models.Tests;

/// <summary>
/// What the scripted server sends back for one request: extra response headers, and whether the body goes out chunked
/// (no Content-Length, as streaming servers do) or with its length declared.
/// </summary>
internal sealed record ScriptedReply(int Status, string Body, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null, bool Chunked = true);

/// <summary>
/// The far side of the model boundary: a scripted OpenAI-compatible server on a real loopback Kestrel port. The client
/// under test talks real HTTP to it. <see cref="Script"/> decides each reply from the request body and its ordinal.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private FakeOpenAiServer(WebApplication app, Func<string, JsonNode, int, ScriptedReply> script)
    {
        _app = app;
        Script = script;
    }

    /// <summary>(path, request body, 0-based request number) → reply.</summary>
    public Func<string, JsonNode, int, ScriptedReply> Script { get; set; }

    /// <summary>Every request body received, in arrival order.</summary>
    public ConcurrentQueue<(string Path, JsonNode Body)> Received { get; } = new();

    /// <summary>The Authorization header of every request, in arrival order ("" when absent).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Base URL with /v1, e.g. http://127.0.0.1:PORT/v1.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeOpenAiServer> StartAsync(Func<string, JsonNode, int, ScriptedReply> script)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeOpenAiServer(app, script);
        app.MapPost("/v1/completions", ctx => server.AnswerAsync(ctx, "completions"));
        app.MapPost("/v1/chat/completions", ctx => server.AnswerAsync(ctx, "chat/completions"));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    /// <summary>Serves the same recorded body to every request.</summary>
    public static Task<FakeOpenAiServer> ServingAsync(string recordedFile, int status = 200) =>
        StartAsync((_, _, _) => new ScriptedReply(status, Recorded(recordedFile)));

    /// <summary>A response body from tests/EdgeMargin.Models.Tests/Recorded.</summary>
    public static string Recorded(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recorded", file));

    private async Task AnswerAsync(HttpContext ctx, string path)
    {
        int n = Interlocked.Increment(ref _requests) - 1;
        var body = await JsonNode.ParseAsync(ctx.Request.Body) ?? new JsonObject();
        Received.Enqueue((path, body));
        Authorizations.Enqueue(ctx.Request.Headers.Authorization.ToString());
        var reply = Script(path, body, n);
        if (reply.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(reply.Delay, ctx.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        ctx.Response.StatusCode = reply.Status;
        ctx.Response.ContentType = "application/json";
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) ctx.Response.Headers[name] = value;
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(reply.Body);
        if (!reply.Chunked) ctx.Response.ContentLength = bytes.Length;
        try { await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted); }
        catch (OperationCanceledException) { }
        catch (IOException) { }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _app.StopAsync(); } catch (ObjectDisposedException) { }
        await _app.DisposeAsync();
    }
}
