using EdgeMargin.Offloading;
using EdgeMargin.Serving.Batching;
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
/// The EdgeMargin gateway: a Kestrel server that groups decide requests into epochs (an <see cref="EpochBatcher{T}"/>),
/// decides each epoch with the configured offloading policy (GOA by default) over the servers available at the time,
/// forwards offloaded prompts to OpenAI-compatible edge backends, and reports health and Prometheus metrics. Every
/// timestamp it takes (epoch windows, epoch records, latency metrics) comes from the <see cref="TimeProvider"/> it is
/// given.
/// </summary>
public sealed class Gateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EpochPipeline _pipeline;
    private readonly DecideEndpoint _decide;
    private readonly HttpClient _backendClient;
    private int _stopped;

    private Gateway(WebApplication app, EpochPipeline pipeline, DecideEndpoint decide, HttpClient backendClient, GatewayOptions options, GatewayMetrics metrics, EpochHistory epochs,
        TimeProvider time)
    {
        _app = app;
        _pipeline = pipeline;
        _decide = decide;
        _backendClient = backendClient;
        Options = options;
        Metrics = metrics;
        Epochs = epochs;
        Time = time;
    }

    /// <summary>The options in force.</summary>
    public GatewayOptions Options { get; }

    /// <summary>The live metrics.</summary>
    public GatewayMetrics Metrics { get; }

    /// <summary>The most recent epochs.</summary>
    public EpochHistory Epochs { get; }

    /// <summary>Name of the greedy engine the policy runs on.</summary>
    public string EngineName => _pipeline.Decider.EngineName;

    /// <summary>Name of the policy deciding each epoch.</summary>
    public string PolicyName => _pipeline.Decider.Policy.Name;

    /// <summary>
    /// The edge servers and their availability. <see cref="ServerSet.MarkUnavailable"/> takes a server out of every
    /// epoch decided from then on (and the pass-through refuses prompts for it); <see cref="ServerSet.MarkAvailable"/>
    /// puts it back. Devices keep reporting one gain per configured server either way.
    /// </summary>
    public ServerSet Servers => _pipeline.Decider.Servers;

    /// <summary>The clock every timestamp of the gateway is read from.</summary>
    public TimeProvider Time { get; }

    /// <summary>Completes once <paramref name="count"/> decide requests in all have been accepted into epochs since the start.</summary>
    internal Task WhenAcceptedAsync(int count, CancellationToken cancellationToken = default) => _pipeline.Batcher.WhenAcceptedAsync(count, cancellationToken);

    /// <summary>Completes once <paramref name="count"/> batches in all have been dealt with (decided and answered, capacity released).</summary>
    internal Task WhenBatchesHandledAsync(int count, CancellationToken cancellationToken = default) => _pipeline.Handled.WhenAtLeastAsync(count, cancellationToken);

    /// <summary>Completes once the gateway has noticed <paramref name="count"/> devices in all going away while they waited for a decision.</summary>
    internal Task WhenAbandonedAsync(int count, CancellationToken cancellationToken = default) => _decide.Abandoned.WhenAtLeastAsync(count, cancellationToken);

    /// <summary>The addresses Kestrel listens on (after <see cref="StartAsync"/>; port 0 resolved).</summary>
    public IReadOnlyList<Uri> Addresses => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
        .Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal))).ToArray() ?? [];

    /// <summary>The first listening address.</summary>
    public Uri BaseAddress => Addresses.FirstOrDefault() ?? throw new InvalidOperationException("The gateway is not started.");

    /// <summary>Builds a gateway for <paramref name="options"/> listening on <paramref name="urls"/> (semicolon-separated).</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="urls">Where to listen.</param>
    /// <param name="logger">Where warnings go (none by default).</param>
    /// <param name="timeProvider">The clock: epoch windows, records and latencies. Default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="GatewayConfigException">The options are invalid.</exception>
    public static Gateway Create(GatewayOptions options, string urls = "http://127.0.0.1:0", ILoggerProvider? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0) throw new GatewayConfigException("options", problems);
        var time = timeProvider ?? TimeProvider.System;
        var engine = GreedyEngineCatalog.All.GetOrDefault(options.Engine);
        var policy = PolicyCatalog.All.Get(options.Policy);

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
        var serverSet = new ServerSet(servers);
        var metrics = new GatewayMetrics(servers.Select(s => s.Id));
        var history = new EpochHistory(options.EpochHistory);
        var batcher = new EpochBatcher<PendingDecision>(
            new EpochBatcherOptions(TimeSpan.FromMilliseconds(options.EpochWindowMs), options.MaxBatchSize, options.MaxPendingRequests), time);
        var decider = new EpochDecider(options.EffectiveParameters, serverSet, policy, new PolicyContext(options.Tau, options.Seed) { Engine = engine }, time);
        var pipeline = new EpochPipeline(batcher, decider, history, metrics, time);
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var decide = new DecideEndpoint(options, new DecideRequestValidator(options.EffectiveParameters, servers, options.EffectiveSignal), pipeline, metrics, time);
        var proxy = new ProxyEndpoint(options, serverSet, http, metrics);
        var epochs = new EpochEndpoint(history);
        app.MapPost("/v1/offload/decide", decide.HandleAsync);
        app.MapPost("/v1/chat/completions", ctx => proxy.HandleAsync(ctx, "chat/completions"));
        app.MapPost("/v1/completions", ctx => proxy.HandleAsync(ctx, "completions"));
        app.MapGet("/v1/epochs/{id}", ctx => epochs.HandleAsync(ctx, (string)ctx.Request.RouteValues["id"]!));
        app.MapGet("/healthz", async ctx =>
        {
            metrics.Requests.Increment("healthz");
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($"{{\"status\":\"ok\",\"policy\":\"{policy.Name}\",\"engine\":\"{engine.Name}\",\"servers\":{servers.Count},\"available\":{serverSet.Current.Servers.Count},\"pending\":{metrics.Pending}}}");
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
        return new Gateway(app, pipeline, decide, http, options, metrics, history, time);
    }

    /// <summary>Starts listening and deciding.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _pipeline.Start();
        await _app.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Stops: no new decision is accepted, the requests already waiting for an epoch are decided at once (no window
    /// is waited for) and answered, then the server stops listening.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await _pipeline.DrainAsync();
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
