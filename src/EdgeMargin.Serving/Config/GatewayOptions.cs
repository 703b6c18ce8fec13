using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Serving.Config;

/// <summary>
/// Everything the gateway is configured with (the JSON config file, camelCase). Immutable; <see cref="Validate"/>
/// lists every problem with the field it concerns.
/// </summary>
public sealed record GatewayOptions
{
    /// <summary>The edge servers, in the order channel gains are reported by devices.</summary>
    public IReadOnlyList<BackendServerOptions>? Servers { get; init; }

    /// <summary>How long an epoch stays open after its first request arrives, milliseconds.</summary>
    public double EpochWindowMs { get; init; } = 5;

    /// <summary>An epoch closes early once it holds this many requests.</summary>
    public int MaxBatchSize { get; init; } = 128;

    /// <summary>Requests queued or being decided at once; past it the gateway answers 503 with Retry-After.</summary>
    public int MaxPendingRequests { get; init; } = 4096;

    /// <summary>Largest accepted body of a decide request, bytes (413 past it).</summary>
    public int MaxDecideBodyBytes { get; init; } = 16 * 1024;

    /// <summary>Largest accepted body of a pass-through request (prompts), bytes (413 past it).</summary>
    public int MaxProxyBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>GOA threshold tau in [0, 1]: requests with u &gt; tau are always offloaded.</summary>
    public double Tau { get; init; } = 0.6;

    /// <summary>Greedy engine by its <see cref="GreedyEngineCatalog"/> name: "fast" (the incremental engine, identical decisions) or "direct" (the reference scan); blank means fast.</summary>
    public string Engine { get; init; } = "fast";

    /// <summary>
    /// The offloading policy that decides each epoch, by its catalog name: "goa" (the paper's algorithm, the default)
    /// or any other policy the simulator knows (e.g. "dmin", "random", "local-all"), so a baseline can be served live.
    /// </summary>
    public string Policy { get; init; } = "goa";

    /// <summary>Seed of the policy's random choices (random, ga); each epoch gets its own seed derived from it, recorded with the epoch.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Signal that turns a device's <c>topK</c> into u, by its <see cref="SignalCatalog"/> name: any next-token signal,
    /// "margin" (the paper's) by default.
    /// Devices that send <c>uncertainty</c> have already chosen theirs.
    /// </summary>
    public string Signal { get; init; } = "margin";

    /// <summary>The <see cref="Signal"/> as an object; only valid after <see cref="Validate"/> found no problem with it.</summary>
    public IUncertaintySignal EffectiveSignal => SignalCatalog.GetNextToken(Signal);

    /// <summary>How long the gateway waits for a backend before answering 504, seconds.</summary>
    public double BackendTimeoutS { get; init; } = 120;

    /// <summary>How many recent epochs <c>GET /v1/epochs/{id}</c> can still show.</summary>
    public int EpochHistory { get; init; } = 1024;

    /// <summary>
    /// Most connections held open at once (idle keep-alive ones included); past it Kestrel closes new connections at
    /// once. The default leaves room for the load generator's largest run (2048 devices) twice over.
    /// </summary>
    public int MaxConnections { get; init; } = 4096;

    /// <summary>How long an idle keep-alive connection is kept, seconds (Kestrel's default is 130; a held connection costs a slot).</summary>
    public double KeepAliveTimeoutS { get; init; } = 30;

    /// <summary>
    /// What <c>GET /v1/epochs/{id}</c> keeps and shows: "full" (every input, for replay), "redacted" (decisions and
    /// non-identifying inputs; no device ids, no channel gains, which locate a device) or "off" (nothing kept).
    /// </summary>
    public string EpochLog { get; init; } = EpochLogModes.Full;

    /// <summary>
    /// On SIGTERM or Ctrl+C, how long requests in flight may still finish, seconds; those still running then are
    /// answered 503 (or, when their answer is already streaming, cut) before the process exits.
    /// </summary>
    public double ShutdownGraceS { get; init; } = 20;

    /// <summary>Allow backend URLs that are not loopback (off by default: this project only talks to 127.0.0.1).</summary>
    public bool AllowRemoteBackends { get; init; }

    /// <summary>The certificate of the https listeners (PEM or PFX); needed for an https address in <c>--urls</c>.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>Device and operator keys (hashed, in a keys file read again on change) and per-device rate limits; none: anyone on loopback may ask.</summary>
    public AuthOptions? Auth { get; init; }

    /// <summary>System-model constants (same fields as the simulator's 'parameters').</summary>
    public SystemParameters? Parameters { get; init; }

    /// <summary>The parameters in force.</summary>
    public SystemParameters EffectiveParameters => Parameters ?? SystemParameters.Default;

    /// <summary>The paper's four servers with no backend: decisions work, pass-through answers 503.</summary>
    public static GatewayOptions Default { get; } = new()
    {
        Servers = [new() { Id = "es0" }, new() { Id = "es1" }, new() { Id = "es2" }, new() { Id = "es3" }],
    };

    /// <summary>These options with every file path made absolute against <paramref name="directory"/> (the config file's folder).</summary>
    public GatewayOptions ResolvedAgainst(string directory) => this with { Tls = Tls?.ResolvedAgainst(directory), Auth = Auth?.ResolvedAgainst(directory) };

    /// <summary>The configured servers as the model sees them (defaults filled in).</summary>
    public IReadOnlyList<EdgeServer> ToEdgeServers()
    {
        var p = EffectiveParameters;
        var list = Servers ?? [];
        var result = new EdgeServer[list.Count];
        for (int j = 0; j < list.Count; j++)
        {
            var s = list[j];
            result[j] = new EdgeServer(s.Id ?? $"es{j}", double.NaN, double.NaN, s.BandwidthHz ?? p.Physical.BandwidthHz,
                s.CapacityFlops ?? p.Generator.EdgeCapacityMultiplier * p.Physical.EdgeUserCapFlops);
        }
        return result;
    }

    /// <summary>Every problem with these options, each naming the field and what to do; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (string p in EffectiveParameters.Validate()) problems.Add($"parameters.{p}");
        if (Servers is null || Servers.Count == 0) problems.Add("servers: missing or empty; configure at least one edge server ({\"id\": \"es0\", \"baseUrl\": \"http://127.0.0.1:8080/v1\"}).");
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int j = 0; j < Servers.Count; j++)
            {
                var s = Servers[j];
                string at = $"servers[{j}]";
                if (s is null) { problems.Add($"{at}: is null; give an object."); continue; }
                string id = s.Id ?? $"es{j}";
                if (string.IsNullOrWhiteSpace(id)) problems.Add($"{at}.id: must not be blank.");
                else if (!seen.Add(id)) problems.Add($"{at}.id: '{id}' is used twice; server ids must be unique.");
                if (s.BandwidthHz is double b && (!(b > 0) || double.IsInfinity(b))) problems.Add($"{at}.bandwidthHz: must be a finite number > 0 (got {b}).");
                if (s.CapacityFlops is double c && (!(c > 0) || double.IsInfinity(c))) problems.Add($"{at}.capacityFlops: must be a finite number > 0 (got {c}).");
                if (s.BaseUrl is string url)
                {
                    // Shown without user info: a URL may carry a password, and these messages reach consoles and logs.
                    string shown = Redaction.Redact(url);
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                        problems.Add($"{at}.baseUrl: '{shown}' is not an absolute http(s) URL (e.g. http://127.0.0.1:8080/v1).");
                    else if (!AllowRemoteBackends && !uri.IsLoopback)
                        problems.Add($"{at}.baseUrl: '{shown}' is not a loopback address; use 127.0.0.1, or set allowRemoteBackends to true.");
                }
            }
        }
        if (!(EpochWindowMs >= 0 && EpochWindowMs <= 10_000)) problems.Add($"epochWindowMs: must lie in [0, 10000] ms (got {EpochWindowMs}).");
        if (MaxBatchSize is < 1 or > 100_000) problems.Add($"maxBatchSize: must lie in [1, 100000] (got {MaxBatchSize}).");
        if (MaxPendingRequests < 1) problems.Add($"maxPendingRequests: must be at least 1 (got {MaxPendingRequests}).");
        if (MaxDecideBodyBytes is < 256 or > 16 * 1024 * 1024) problems.Add($"maxDecideBodyBytes: must lie in [256, 16777216] (got {MaxDecideBodyBytes}).");
        if (MaxProxyBodyBytes is < 1024 or > 256 * 1024 * 1024) problems.Add($"maxProxyBodyBytes: must lie in [1024, 268435456] (got {MaxProxyBodyBytes}).");
        if (!(Tau >= 0 && Tau <= 1)) problems.Add($"tau: must lie in [0, 1] (got {Tau}).");
        if (!string.IsNullOrWhiteSpace(Engine) && !GreedyEngineCatalog.All.TryGet(Engine, out _)) problems.Add($"engine: {GreedyEngineCatalog.All.Unknown(Engine).Message}");
        IOffloadingPolicy? policy = null;
        if (PolicyCatalog.All.TryGet(Policy, out var found)) policy = found;
        else problems.Add($"policy: {PolicyCatalog.All.Unknown(Policy).Message}");
        // A policy that refuses large epochs (the exact search) would fail every full epoch later; refuse the config now.
        if (policy is not null && Servers is { Count: > 0 } && policy.SizeProblem(MaxBatchSize, Servers.Count) is string tooLarge)
            problems.Add($"policy: {tooLarge} Lower maxBatchSize (now {MaxBatchSize}) so that every epoch is within reach.");
        try { SignalCatalog.GetNextToken(Signal); }
        catch (ArgumentException ex) { problems.Add($"signal: {ex.Message}"); }
        if (!(BackendTimeoutS > 0 && BackendTimeoutS <= 3600)) problems.Add($"backendTimeoutS: must lie in (0, 3600] s (got {BackendTimeoutS}).");
        if (EpochHistory is < 1 or > 1_000_000) problems.Add($"epochHistory: must lie in [1, 1000000] (got {EpochHistory}).");
        if (MaxConnections is < 1 or > 1_000_000) problems.Add($"maxConnections: must lie in [1, 1000000] (got {MaxConnections}).");
        if (!(KeepAliveTimeoutS > 0 && KeepAliveTimeoutS <= 3600)) problems.Add($"keepAliveTimeoutS: must lie in (0, 3600] s (got {KeepAliveTimeoutS}).");
        if (!EpochLogModes.All.Contains(EpochLog)) problems.Add($"epochLog: '{EpochLog}' is not a mode; use {string.Join(", ", EpochLogModes.All.Select(m => $"'{m}'"))}.");
        if (!(ShutdownGraceS >= 0 && ShutdownGraceS <= 3600)) problems.Add($"shutdownGraceS: must lie in [0, 3600] s (got {ShutdownGraceS}).");
        if (Tls is not null) problems.AddRange(Tls.Validate());
        if (Auth is not null) problems.AddRange(Auth.Validate());
        return problems;
    }
}

/// <summary>The values of <see cref="GatewayOptions.EpochLog"/>.</summary>
public static class EpochLogModes
{
    /// <summary>Every input of every epoch, so anyone can replay the decision.</summary>
    public const string Full = "full";

    /// <summary>Decisions and non-identifying inputs only: device ids and channel gains (a location proxy) are dropped.</summary>
    public const string Redacted = "redacted";

    /// <summary>No epoch is kept; <c>GET /v1/epochs/{id}</c> answers 404 saying so.</summary>
    public const string Off = "off";

    /// <summary>Every mode.</summary>
    public static IReadOnlyList<string> All { get; } = [Full, Redacted, Off];
}
