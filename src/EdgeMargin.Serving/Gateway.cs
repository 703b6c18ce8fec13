using EdgeMargin.Offloading;
using EdgeMargin.Serving.Batching;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Decisions;
using EdgeMargin.Serving.Hosting;
using EdgeMargin.Serving.Http;
using EdgeMargin.Serving.Metrics;
using EdgeMargin.Serving.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMargin.Serving;

/// <summary>
/// The EdgeMargin gateway: a Kestrel server that groups decide requests into epochs (an <see cref="EpochBatcher{T}"/>),
/// decides each epoch with the configured offloading policy (GOA by default) over the servers available at the time,
/// forwards offloaded prompts to OpenAI-compatible edge backends, and reports health and Prometheus metrics. Every
/// timestamp it takes (epoch windows, epoch records, latency metrics, the shutdown grace period) comes from the
/// <see cref="TimeProvider"/> it is given.
/// </summary>
/// <remarks>
/// The host is built empty: it reads no configuration source at all (no environment variables, no appsettings, no
/// command line), so the addresses given to <see cref="Create"/> are the only endpoints it can ever listen on; a
/// <c>Kestrel__Endpoints__*</c> or <c>ASPNETCORE_URLS</c> in the environment has no effect.
/// </remarks>
public sealed class Gateway : IAsyncDisposable
{
    /// <summary>After the grace period, how long handlers get to write their 503s before connections are closed.</summary>
    private static readonly TimeSpan AnswerAfterGrace = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly EpochPipeline _pipeline;
    private readonly DecideEndpoint _decide;
    private readonly HttpClient _backendClient;
    private readonly InFlightRequests _inFlight;
    private readonly CredentialStore _credentials;
    private IReadOnlyList<string> _notices = [];
    private Task<DrainReport>? _stopping;

    private Gateway(WebApplication app, EpochPipeline pipeline, DecideEndpoint decide, HttpClient backendClient, InFlightRequests inFlight,
        GatewayOptions options, GatewayMetrics metrics, EpochHistory epochs, TimeProvider time, CredentialStore credentials)
    {
        _credentials = credentials;
        _app = app;
        _pipeline = pipeline;
        _decide = decide;
        _backendClient = backendClient;
        _inFlight = inFlight;
        Options = options;
        Metrics = metrics;
        Epochs = epochs;
        Time = time;
    }

    /// <summary>The options in force.</summary>
    public GatewayOptions Options { get; }

    /// <summary>The live metrics.</summary>
    public GatewayMetrics Metrics { get; }

    /// <summary>The most recent epochs (empty when the epoch log is off).</summary>
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

    /// <summary>Requests being handled now.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>True once a stop has begun.</summary>
    public bool IsStopping => Volatile.Read(ref _stopping) is not null;

    /// <summary>Completes once <paramref name="count"/> decide requests in all have been accepted into epochs since the start.</summary>
    internal Task WhenAcceptedAsync(int count, CancellationToken cancellationToken = default) => _pipeline.Batcher.WhenAcceptedAsync(count, cancellationToken);

    /// <summary>Completes once <paramref name="count"/> batches in all have been dealt with (decided and answered, capacity released).</summary>
    internal Task WhenBatchesHandledAsync(int count, CancellationToken cancellationToken = default) => _pipeline.Handled.WhenAtLeastAsync(count, cancellationToken);

    /// <summary>Completes once the gateway has noticed <paramref name="count"/> devices in all going away while they waited for a decision.</summary>
    internal Task WhenAbandonedAsync(int count, CancellationToken cancellationToken = default) => _decide.Abandoned.WhenAtLeastAsync(count, cancellationToken);

    /// <summary>The addresses Kestrel listens on (after <see cref="StartAsync"/>; port 0 resolved).</summary>
    public IReadOnlyList<Uri> Addresses => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
        .Select(a => new Uri(a)).ToArray() ?? [];

    /// <summary>The first listening address.</summary>
    public Uri BaseAddress => Addresses.FirstOrDefault() ?? throw new InvalidOperationException("The gateway is not started.");

    /// <summary>Builds a gateway for <paramref name="options"/> listening on <paramref name="urls"/> (semicolon-separated).</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="urls">
    /// Where to listen (see <see cref="ListenEndpoint.Parse"/>); the only way endpoints are set. An address other machines
    /// can reach must be https with <see cref="GatewayOptions.Tls"/>, and needs device keys (<see cref="GatewayOptions.Auth"/>);
    /// see <see cref="BindingPolicy"/>.
    /// </param>
    /// <param name="logger">Where warnings and errors go (none by default).</param>
    /// <param name="timeProvider">The clock: epoch windows, records, latencies, the grace period. Default <see cref="TimeProvider.System"/>.</param>
    /// <param name="allowPlainHttp">Allow plain http on an address other machines can reach (a TLS-terminating proxy in front); a warning is logged.</param>
    /// <exception cref="GatewayConfigException">The options, the addresses or the certificate and key files are invalid (every problem is listed).</exception>
    public static Gateway Create(GatewayOptions options, string urls = "http://127.0.0.1:0", ILoggerProvider? logger = null, TimeProvider? timeProvider = null,
        bool allowPlainHttp = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0) throw new GatewayConfigException("options", problems);
        var endpoints = ListenEndpoint.Parse(urls, out var urlProblems);
        if (urlProblems.Count > 0) throw new GatewayConfigException("--urls", urlProblems);
        var (bindingProblems, bindingWarnings) = BindingPolicy.Check(endpoints,
            new BindingPolicy.Offer(options.Tls is not null, options.Auth?.KeysFile is not null, options.Auth?.AllowAnonymous ?? false, allowPlainHttp));
        if (bindingProblems.Count > 0) throw new GatewayConfigException("--urls", bindingProblems);
        var time = timeProvider ?? TimeProvider.System;
        var engine = GreedyEngineCatalog.All.GetOrDefault(options.Engine);
        var policy = PolicyCatalog.All.Get(options.Policy);
        var certificate = options.Tls is { } tls ? TlsCertificate.Load(tls, time) : null;
        var keys = CredentialStore.LoadKeys(options.Auth);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Services.AddLogging(l =>
        {
            if (logger is not null) l.AddProvider(logger);
            // Kestrel logs every refused bad request and closed connection at Information or Debug; only its warnings are
            // kept. The gateway's own notices (reloads, health changes) are information the operator wants.
            l.SetMinimumLevel(LogLevel.Warning);
            l.AddFilter("EdgeMargin", LogLevel.Information);
        });
        builder.Services.AddRoutingCore();
        // The grace period is the gateway's own; the host must not cut it short with its default 30 s.
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownGraceS) + AnswerAfterGrace + TimeSpan.FromSeconds(5));
        var metrics = new GatewayMetrics(options.ToEdgeServers().Select(s => s.Id));
        builder.Services.AddRateLimiter(r =>
        {
            r.GlobalLimiter = Authenticator.DeviceLimiter(options.Auth);
            r.OnRejected = Authenticator.OnRejected(metrics);
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxDecideBodyBytes, options.MaxProxyBodyBytes);
            k.Limits.MaxConcurrentConnections = options.MaxConnections;
            k.Limits.MaxConcurrentUpgradedConnections = options.MaxConnections;
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(options.KeepAliveTimeoutS);
            // Kestrel answers its own limits with an empty body and no hook to change it; so its limits sit above the
            // gateway's, which the first middleware enforces with a problem document (414, 431).
            k.Limits.MaxRequestLineSize = 4 * MaxTargetBytes;
            k.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeaderBytes;
            foreach (var endpoint in endpoints)
            {
                void Configure(ListenOptions listen)
                {
                    // The certificate is asked for per handshake, so a renewed one (reloaded) is used from the next connection on.
                    if (endpoint.Https) listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, _) => certificate!.Current });
                }
                // localhost with a fixed port binds both loopback families; a dynamic port must be one address.
                if (endpoint.IsLocalhost && endpoint.Port != 0) k.ListenLocalhost(endpoint.Port, Configure);
                else k.Listen(endpoint.Address, endpoint.Port, Configure);
            }
        });
        var app = builder.Build();

        var servers = options.ToEdgeServers();
        var serverSet = new ServerSet(servers);
        var history = new EpochHistory(options.EpochHistory);
        var batcher = new EpochBatcher<PendingDecision>(
            new EpochBatcherOptions(TimeSpan.FromMilliseconds(options.EpochWindowMs), options.MaxBatchSize, options.MaxPendingRequests), time);
        var decider = new EpochDecider(options.EffectiveParameters, serverSet, policy, new PolicyContext(options.Tau, options.Seed) { Engine = engine }, time);
        var pipeline = new EpochPipeline(batcher, decider, options.EpochLog == EpochLogModes.Off ? null : history, metrics, time);
        // Redirects are never followed: a backend answering 3xx would make the gateway re-send a device's prompt to an
        // address nobody configured (and around allowRemoteBackends). The proxy reports the redirect instead.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5), AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var inFlight = new InFlightRequests();
        var errors = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeMargin.Gateway");
        foreach (string warning in bindingWarnings) errors.LogWarning("{Warning}", warning);
        var credentials = new CredentialStore(options.Auth, keys, certificate, time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeMargin.Credentials"));
        var authenticator = new Authenticator(credentials, options.Auth?.EffectiveOperatorEndpoints ?? OperatorModes.Open, metrics);
        Gateway? self = null;

        var decide = new DecideEndpoint(options, new DecideRequestValidator(options.EffectiveParameters, servers, options.EffectiveSignal), pipeline, metrics, time);
        var proxy = new ProxyEndpoint(options, serverSet, http, metrics, inFlight.GraceOver, forwardDeviceAuthorization: !credentials.RequiresKeys);
        var epochs = new EpochEndpoint(history, options.EpochLog);

        app.Use(async (context, next) =>
        {
            inFlight.Enter();
            try
            {
                if (RequestTooLarge(context) is int refused)
                {
                    metrics.Rejections.Increment("too_large");
                    context.Response.Headers.Connection = "close";
                    await Problem.WriteAsync(context, refused, refused == StatusCodes.Status414UriTooLong ? "URI too long" : "Request headers too large",
                        refused == StatusCodes.Status414UriTooLong
                            ? $"The request target may be at most {MaxTargetBytes} bytes; the gateway's endpoints take no long queries."
                            : $"The request headers may be at most {MaxHeaderBytes} bytes in all.");
                    return;
                }
                if (self?.IsStopping == true)
                {
                    metrics.Rejections.Increment("stopping");
                    context.Response.Headers.Connection = "close";
                    await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Gateway stopping",
                        "The gateway is shutting down and takes no new requests. Answer this query locally.", retryAfter: TimeSpan.FromSeconds(5));
                    return;
                }
                await next(context);
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                // A bug: the client still gets a problem document instead of an empty 500, and the operator a log line.
                errors.LogError(ex, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path.Value);
                metrics.Rejections.Increment("internal");
                if (context.Response.HasStarted) context.Abort();
                else
                {
                    context.Response.Clear();
                    await Problem.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal error",
                        $"The gateway failed on this request ({ex.GetType().Name}); answer the query locally. The error is in the gateway's log.");
                }
            }
            finally
            {
                inFlight.Exit();
            }
        });
        app.Use(async (context, next) =>
        {
            if (await authenticator.AuthorizeAsync(context)) await next(context);
        });
        app.UseRateLimiter();
        var routes = new RouteTable();
        routes.Map(app, "/v1/offload/decide", [HttpMethods.Post], decide.HandleAsync);
        routes.Map(app, "/v1/chat/completions", [HttpMethods.Post], ctx => proxy.HandleAsync(ctx, "chat/completions"));
        routes.Map(app, "/v1/completions", [HttpMethods.Post], ctx => proxy.HandleAsync(ctx, "completions"));
        routes.Map(app, "/v1/epochs/{id}", [HttpMethods.Get, HttpMethods.Head], ctx => epochs.HandleAsync(ctx, (string)ctx.Request.RouteValues["id"]!));
        routes.Map(app, "/healthz", [HttpMethods.Get, HttpMethods.Head], async ctx =>
        {
            metrics.Requests.Increment("healthz");
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($"{{\"status\":\"ok\",\"policy\":\"{policy.Name}\",\"engine\":\"{engine.Name}\",\"servers\":{servers.Count},\"available\":{serverSet.Current.Servers.Count},\"pending\":{metrics.Pending}}}");
        });
        routes.Map(app, "/metrics", [HttpMethods.Get, HttpMethods.Head], async ctx =>
        {
            metrics.Requests.Increment("metrics");
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await ctx.Response.WriteAsync(metrics.Render());
        });
        routes.MapFallback(app);
        var notices = new List<string>();
        if (certificate is not null) notices.Add($"  tls: {TlsCertificate.Describe(certificate.Current)}");
        notices.Add(credentials.RequiresKeys
            ? $"  auth: {keys.DeviceKeys} device key(s), {keys.OperatorKeys} operator key(s) ({keys.RevokedKeys} revoked) from {options.Auth!.KeysFile}; reloaded on change or SIGHUP"
            : "  auth: none: any client that can reach the gateway may ask (loopback only, unless auth.allowAnonymous)");
        notices.Add($"  /metrics and /v1/epochs: {(options.Auth?.EffectiveOperatorEndpoints ?? OperatorModes.Open) switch { OperatorModes.Key => "operator key required", OperatorModes.Off => "off", _ => "open" }}");
        if ((options.Servers ?? []).All(s => s.BaseUrl is null))
            notices.Add("warning: no server has a backend (servers[].baseUrl): decisions are answered, but no prompt can be: the pass-through answers 503 and " +
                "devices answer locally. Give each server its OpenAI-compatible baseUrl in --config (see docs/serving.md).");
        self = new Gateway(app, pipeline, decide, http, inFlight, options, metrics, history, time, credentials) { _notices = notices };
        return self;
    }

    /// <summary>Longest request target (path and query) accepted, bytes; 414 past it.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>Largest total of request headers accepted, bytes (names, values and separators); 431 past it.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    private static int? RequestTooLarge(HttpContext context)
    {
        var request = context.Request;
        if ((request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0) > MaxTargetBytes) return StatusCodes.Status414UriTooLong;
        long total = 0;
        foreach (var (name, values) in request.Headers)
            foreach (string? value in values)
                total += name.Length + (value?.Length ?? 0) + 4;
        return total > MaxHeaderBytes ? StatusCodes.Status431RequestHeaderFieldsTooLarge : null;
    }

    /// <summary>Starts listening and deciding, and watching the keys and certificate files.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _pipeline.Start();
        await _app.StartAsync(cancellationToken);
        _credentials.Watch();
    }

    /// <summary>
    /// Reads the keys file and the certificate again (what SIGHUP does; a change to those files does it by itself). On
    /// failure what was in force stays, and the reason is logged. True when both were read.
    /// </summary>
    public bool ReloadCredentials() => _credentials.Reload("reload requested");

    /// <summary>Completes once <paramref name="count"/> reloads of the keys and certificate in all have succeeded.</summary>
    internal Task WhenReloadedAsync(long count, CancellationToken cancellationToken = default) => _credentials.Reloaded.WhenAtLeastAsync(count, cancellationToken);

    /// <summary>Completes once <paramref name="count"/> reloads in all have failed.</summary>
    internal Task WhenReloadFailedAsync(long count, CancellationToken cancellationToken = default) => _credentials.ReloadFailed.WhenAtLeastAsync(count, cancellationToken);

    /// <summary>What the operator should read at start: the certificate, the keys, what cannot work with this configuration.</summary>
    public IReadOnlyList<string> StartNotices() => _notices;

    /// <summary>Reloads that succeeded so far.</summary>
    internal long Reloads => _credentials.Reloaded.Count;

    /// <summary>
    /// Stops gracefully: new requests are refused with 503, the decide requests already waiting are decided at once (no
    /// window is waited for) and answered, and requests in flight (prompts at a backend) get up to
    /// <see cref="GatewayOptions.ShutdownGraceS"/> to finish; those still running then are answered 503 (or cut, when
    /// their answer is already streaming). Only then does the server stop listening. Calling it again returns the same report.
    /// </summary>
    public Task<DrainReport> StopAsync() => EnsureStopping();

    /// <summary>Ends the grace period of a stop in progress now (a second Ctrl+C): requests still running are answered 503 at once.</summary>
    public void EndGracePeriod() => _inFlight.EndGrace();

    private Task<DrainReport> EnsureStopping()
    {
        var mine = new TaskCompletionSource<DrainReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var existing = Interlocked.CompareExchange(ref _stopping, mine.Task, null);
        if (existing is not null) return existing;
        _ = DrainAsync(mine);
        return mine.Task;
    }

    private async Task DrainAsync(TaskCompletionSource<DrainReport> done)
    {
        try
        {
            long started = Time.GetTimestamp();
            int atStop = _inFlight.Count;
            await _pipeline.DrainAsync().ConfigureAwait(false);
            var idle = _inFlight.WhenIdleAsync();
            var grace = TimeSpan.FromSeconds(Options.ShutdownGraceS);
            using var graceTimer = new CancellationTokenSource();
            int cut = 0;
            if (!idle.IsCompleted)
            {
                var expired = Task.Delay(grace, Time, graceTimer.Token);
                if (await Task.WhenAny(idle, expired).ConfigureAwait(false) != idle)
                {
                    cut = _inFlight.Count;
                    _inFlight.EndGrace();
                }
                else graceTimer.Cancel();
            }
            // A handler told to stop answers within moments; past that, closing the connections is the only way left.
            await Task.WhenAny(idle, Task.Delay(AnswerAfterGrace)).ConfigureAwait(false);
            if (!idle.IsCompleted && cut == 0) cut = _inFlight.Count;
            var elapsed = Time.GetElapsedTime(started);
            using var close = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await _app.StopAsync(close.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            done.TrySetResult(new DrainReport(atStop, cut, elapsed, Metrics.Decisions.Get(DecideResponse.Local) + Metrics.Decisions.Get(DecideResponse.Offload)));
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _inFlight.EndGrace();
        try { await EnsureStopping(); }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync();
        _backendClient.Dispose();
        _credentials.Dispose();
    }
}
