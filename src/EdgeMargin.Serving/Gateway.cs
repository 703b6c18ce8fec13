using EdgeMargin.Offloading;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Decisions;
using EdgeMargin.Serving.Http;
using EdgeMargin.Serving.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeMargin.Serving;

/// <summary>
/// The EdgeMargin gateway: a Kestrel server that groups decide requests into epochs decided by GOA, forwards offloaded
/// prompts to OpenAI-compatible edge backends, and reports health and Prometheus metrics.
/// </summary>
public sealed class Gateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EpochBatcher _batcher;
    private readonly HttpClient _backendClient;
    private int _stopped;

    private Gateway(WebApplication app, EpochBatcher batcher, HttpClient backendClient, GatewayOptions options, GatewayMetrics metrics, EpochHistory epochs)
    {
        _app = app;
        _batcher = batcher;
        _backendClient = backendClient;
        Options = options;
        Metrics = metrics;
        Epochs = epochs;
    }

    /// <summary>The options in force.</summary>
    public GatewayOptions Options { get; }

    /// <summary>The live metrics.</summary>
    public GatewayMetrics Metrics { get; }

    /// <summary>The most recent epochs.</summary>
    public EpochHistory Epochs { get; }

    /// <summary>Name of the greedy engine GOA runs on.</summary>
    public string EngineName => _batcher.EngineName;

    /// <summary>The addresses Kestrel listens on (after <see cref="StartAsync"/>; port 0 resolved).</summary>
    public IReadOnlyList<Uri> Addresses => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
        .Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal))).ToArray() ?? [];

    /// <summary>The first listening address.</summary>
    public Uri BaseAddress => Addresses.FirstOrDefault() ?? throw new InvalidOperationException("The gateway is not started.");

    /// <summary>Builds a gateway for <paramref name="options"/> listening on <paramref name="urls"/> (semicolon-separated).</summary>
    /// <exception cref="GatewayConfigException">The options are invalid.</exception>
    public static Gateway Create(GatewayOptions options, string urls = "http://127.0.0.1:0", ILoggerProvider? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0) throw new GatewayConfigException("options", problems);
        var engine = GreedyEngineCatalog.Get(options.Engine);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        if (logger is not null) builder.Logging.AddProvider(logger);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxDecideBodyBytes, options.MaxProxyBodyBytes);
        });
        var app = builder.Build();

        var servers = options.ToEdgeServers();
        var metrics = new GatewayMetrics(servers.Select(s => s.Id));
        var history = new EpochHistory(options.EpochHistory);
        var batcher = new EpochBatcher(options.EffectiveParameters, servers, options.Tau, engine, TimeSpan.FromMilliseconds(options.EpochWindowMs),
            options.MaxBatchSize, options.MaxPendingRequests, metrics, history);
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var decide = new DecideEndpoint(options, new DecideRequestValidator(options.EffectiveParameters, servers, options.EffectiveSignal), batcher, metrics);
        var proxy = new ProxyEndpoint(options, http, metrics);
        var epochs = new EpochEndpoint(history);
        app.MapPost("/v1/offload/decide", decide.HandleAsync);
        app.MapPost("/v1/chat/completions", ctx => proxy.HandleAsync(ctx, "chat/completions"));
        app.MapPost("/v1/completions", ctx => proxy.HandleAsync(ctx, "completions"));
        app.MapGet("/v1/epochs/{id}", ctx => epochs.HandleAsync(ctx, (string)ctx.Request.RouteValues["id"]!));
        app.MapGet("/healthz", async ctx =>
        {
            metrics.Requests.Increment("healthz");
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($"{{\"status\":\"ok\",\"engine\":\"{engine.Name}\",\"servers\":{servers.Count},\"pending\":{metrics.Pending}}}");
        });
        app.MapGet("/metrics", async ctx =>
        {
            metrics.Requests.Increment("metrics");
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await ctx.Response.WriteAsync(metrics.Render());
        });
        // Anything else is a clear 404 problem rather than an empty body.
        app.MapFallback(ctx => Problem.WriteAsync(ctx, StatusCodes.Status404NotFound, "Not found",
            $"No endpoint {ctx.Request.Method} {ctx.Request.Path}. Endpoints: POST /v1/offload/decide, POST /v1/chat/completions, POST /v1/completions, GET /v1/epochs/{{id}}, GET /healthz, GET /metrics."));
        return new Gateway(app, batcher, http, options, metrics, history);
    }

    /// <summary>Starts listening.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    /// <summary>Stops listening; requests still waiting for an epoch are answered 503.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await _batcher.DisposeAsync();
        await _app.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync();
        _backendClient.Dispose();
    }
}
