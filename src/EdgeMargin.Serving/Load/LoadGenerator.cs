using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeMargin.Radio;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;
using EdgeMargin.Serving.Client;

namespace EdgeMargin.Serving.Load;

/// <summary>
/// A bounded, loopback-only load generator: <c>Users</c> virtual devices, each with at most one request in flight, paced
/// so that together they offer <c>Rate</c> decide requests per second for <c>DurationS</c> seconds. It sends through the
/// real device client, so a failure is counted exactly when a device would have fallen back to answering locally.
/// </summary>
public static class LoadGenerator
{
    private static readonly string[] Prompts = Enumerable.Range(0, 8)
        .Select(k => "Answer with one word. " + string.Concat(Enumerable.Repeat("Mary went to the kitchen. ", 2 + 9 * k)) + "Where is Mary?")
        .ToArray();

    private static readonly TimeSpan MaxLag = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs the test. <paramref name="progress"/> gets (decided so far, elapsed) about every 250 ms.</summary>
    /// <exception cref="ArgumentException">Invalid options (the message lists every problem).</exception>
    /// <exception cref="HttpRequestException">The gateway's /healthz cannot be read before the test starts.</exception>
    public static async Task<LoadTestReport> RunAsync(LoadTestOptions options, IProgress<(long Decided, TimeSpan Elapsed)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, problems));

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Users, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var baseUrl = options.Url.AbsoluteUri.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/");
        int servers = await ServerCountAsync(http, baseUrl, cancellationToken);
        var client = new EdgeMarginClient(http, new EdgeMarginClientOptions { Gateway = baseUrl, DecideDeadline = options.DecideDeadline });
        var parameters = SystemParameters.Default;
        var layout = ServerLayout.Grid(servers, parameters.Generator.AreaSideM).Select((p, j) => new EdgeServer($"es{j}", p.X, p.Y, parameters.Physical.BandwidthHz, 1)).ToArray();

        long budget = (long)Math.Ceiling(options.Rate * options.DurationS);
        long sent = 0, decided = 0, local = 0, offload = 0, rejected = 0, errors = 0, timedOut = 0;
        var latencies = new List<double>[options.Users];
        var epochs = new ConcurrentDictionary<long, byte>();
        var failures = new ConcurrentQueue<string>();
        var interval = TimeSpan.FromSeconds(options.Users / options.Rate);
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(options.DurationS);

        async Task Device(int d)
        {
            var random = SeededRandom.ForStream(options.Seed, (ulong)d + 1);
            var mine = latencies[d] = new List<double>(1024);
            // Stagger the devices evenly across one interval so the offered load is smooth, not in bursts.
            var next = interval * d / options.Users;
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                if (clock.Elapsed >= end || Interlocked.Increment(ref sent) > budget) break;
                var query = Query(d, random, layout, parameters);
                var attempt = await client.DecideAsync(query, query.Uncertainty, cancellationToken).ConfigureAwait(false);
                if (attempt.Decision is { } decision)
                {
                    Interlocked.Increment(ref decided);
                    Interlocked.Increment(ref decision.Decision == "offload" ? ref offload : ref local);
                    mine.Add(attempt.Elapsed.TotalMilliseconds);
                    epochs.TryAdd(decision.EpochId, 0);
                }
                else
                {
                    if (attempt.StatusCode is 503 or 429) Interlocked.Increment(ref rejected);
                    else if (attempt.StatusCode == 0 && attempt.Failure!.Contains("no decision within", StringComparison.Ordinal)) Interlocked.Increment(ref timedOut);
                    else Interlocked.Increment(ref errors);
                    if (failures.Count < 5) failures.Enqueue(attempt.Failure!);
                }
                // A device behind schedule catches up (so the offered rate is the target), but never by a burst of more
                // than MaxLag worth of requests: past that it continues from now.
                next += interval;
                if (clock.Elapsed - next > MaxLag) next = clock.Elapsed;
            }
        }

        using var reporter = new Timer(_ => progress?.Report((Interlocked.Read(ref decided), clock.Elapsed)), null, 250, 250);
        try { await Task.WhenAll(Enumerable.Range(0, options.Users).Select(d => Task.Run(() => Device(d), cancellationToken))).ConfigureAwait(false); }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
        double elapsed = clock.Elapsed.TotalSeconds;
        progress?.Report((decided, clock.Elapsed));

        var all = latencies.Where(l => l is not null).SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadTestReport
        {
            Url = options.Url.ToString(),
            Users = options.Users,
            TargetRate = options.Rate,
            DurationS = options.DurationS,
            ElapsedS = elapsed,
            Sent = Math.Min(sent, budget),
            Decided = decided,
            Local = local,
            Offload = offload,
            Rejected = rejected,
            Errors = errors,
            TimedOut = timedOut,
            Fallbacks = rejected + errors + timedOut,
            ThroughputPerS = decided / elapsed,
            LatencyMeanMs = all.Length > 0 ? all.Average() : double.NaN,
            LatencyP50Ms = Percentile(all, 0.50),
            LatencyP90Ms = Percentile(all, 0.90),
            LatencyP99Ms = Percentile(all, 0.99),
            LatencyMaxMs = all.Length > 0 ? all[^1] : double.NaN,
            Epochs = epochs.Count,
            MeanEpochSize = epochs.IsEmpty ? 0 : (double)decided / epochs.Count,
            SampleFailures = failures.ToArray(),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values (NaN when empty).</summary>
    public static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        int rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>One synthetic device query: a random spot in the area, fresh fading, a bAbI-sized prompt.</summary>
    private static DeviceQuery Query(int device, SeededRandom random, EdgeServer[] layout, SystemParameters p)
    {
        double x = random.Uniform(0, p.Generator.AreaSideM), y = random.Uniform(0, p.Generator.AreaSideM);
        var gains = new double[layout.Length];
        for (int j = 0; j < gains.Length; j++) gains[j] = ScenarioGenerator.PathGain(p, x, y, layout[j]) * RayleighFading.DrawPowerGain(random);
        return new DeviceQuery
        {
            DeviceId = $"load-{device}",
            Prompt = Prompts[random.NextInt(Prompts.Length)],
            Uncertainty = random.NextDouble(),
            LocalComputeS = random.Uniform(0.05, 0.5),
            ChannelGains = gains,
        };
    }

    private static async Task<int> ServerCountAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        JsonNode? health;
        try { health = await http.GetFromJsonAsync<JsonNode>(new Uri(baseUrl, "healthz"), timeout.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"the gateway at {baseUrl} did not answer GET /healthz within 5 s; start it with 'edgemargin serve'.");
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"cannot reach the gateway at {baseUrl} (GET /healthz: {ex.Message}); start it with 'edgemargin serve'.", ex);
        }
        return health?["servers"]?.GetValue<int>() is int m and > 0
            ? m
            : throw new HttpRequestException($"GET {baseUrl}healthz did not report a server count; is this an EdgeMargin gateway?");
    }
}
