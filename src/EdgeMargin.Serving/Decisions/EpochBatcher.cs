using System.Diagnostics;
using System.Threading.Channels;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Scenarios;
using EdgeMargin.Serving.Metrics;

namespace EdgeMargin.Serving.Decisions;

/// <summary>
/// Collects requests into epochs and decides each epoch with GOA. An epoch opens when a request arrives at an idle
/// gateway and closes <c>window</c> later or as soon as it holds <c>maxBatch</c> requests; one reader decides epochs in
/// order, so every device of an epoch is answered from the same assignment. At most <c>maxPending</c> requests may
/// be queued or inside an epoch; <see cref="TryEnqueue"/> refuses the rest so the caller can answer 503 at once.
/// </summary>
internal sealed class EpochBatcher : IAsyncDisposable
{
    // Not SingleReader: a wait left pending when an epoch times out must not be cancelled by the next wait.
    private readonly Channel<PendingDecision> _queue = Channel.CreateUnbounded<PendingDecision>(new UnboundedChannelOptions { SingleReader = false });
    private readonly SystemParameters _parameters;
    private readonly IReadOnlyList<EdgeServer> _servers;
    private readonly PolicyContext _context;
    private readonly GoaPolicy _goa = new();
    private readonly long _windowTicks;
    private readonly int _maxBatch;
    private readonly int _maxPending;
    private readonly GatewayMetrics _metrics;
    private readonly EpochHistory _history;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _pending;
    private int _disposed;
    private long _nextEpoch;

    public EpochBatcher(SystemParameters parameters, IReadOnlyList<EdgeServer> servers, double tau, IGreedyEngine engine,
        TimeSpan window, int maxBatch, int maxPending, GatewayMetrics metrics, EpochHistory history)
    {
        _parameters = parameters;
        _servers = servers;
        _context = new PolicyContext(tau) { Engine = engine };
        _windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
        _maxBatch = maxBatch;
        _maxPending = maxPending;
        _metrics = metrics;
        _history = history;
        _metrics.TrackPending(() => Volatile.Read(ref _pending));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>True once the gateway has begun shutting down; no request is accepted any more.</summary>
    public bool IsStopping => _stop.IsCancellationRequested || Volatile.Read(ref _disposed) != 0;

    /// <summary>The engine GOA runs on.</summary>
    public string EngineName => _context.Engine.Name;

    /// <summary>Queues a request for the next epoch; false when the gateway already holds its maximum.</summary>
    public bool TryEnqueue(PendingDecision pending)
    {
        int now = Interlocked.Increment(ref _pending);
        if (now > _maxPending || _stop.IsCancellationRequested)
        {
            Interlocked.Decrement(ref _pending);
            return false;
        }
        if (_queue.Writer.TryWrite(pending)) return true;
        Interlocked.Decrement(ref _pending);
        return false;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingDecision>(_maxBatch);
        var token = _stop.Token;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                if (!reader.TryRead(out var first)) continue;
                batch.Add(first);
                long deadline = Stopwatch.GetTimestamp() + _windowTicks;
                Task? timer = null;
                while (batch.Count < _maxBatch)
                {
                    while (batch.Count < _maxBatch && reader.TryRead(out var next)) batch.Add(next);
                    if (batch.Count >= _maxBatch) break;
                    long remaining = deadline - Stopwatch.GetTimestamp();
                    if (remaining <= 0) break;
                    var more = reader.WaitToReadAsync(token).AsTask();
                    if (!more.IsCompleted)
                    {
                        // One timer per epoch; a pending WaitToReadAsync left behind is harmless (the channel completes it later).
                        timer ??= Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), token);
                        await Task.WhenAny(more, timer).ConfigureAwait(false);
                        if (!more.IsCompleted) break;
                    }
                    if (!await more.ConfigureAwait(false)) break;
                }
                Decide(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        // Nothing queued is ever left hanging: requests still waiting at shutdown get a clear failure.
        foreach (var p in batch) p.Completion.TrySetException(new GatewayStoppingException());
        while (reader.TryRead(out var left)) left.Completion.TrySetException(new GatewayStoppingException());
    }

    private void Decide(List<PendingDecision> all)
    {
        long started = Stopwatch.GetTimestamp();
        int released = all.Count, m = _servers.Count;
        // A device that stopped waiting has already answered locally: leaving it in would make GOA share bandwidth and
        // compute with a user who never sends its prompt.
        var batch = all;
        if (all.Exists(p => p.Abandoned.IsCancellationRequested))
        {
            batch = new List<PendingDecision>(all.Count);
            foreach (var p in all)
            {
                if (!p.Abandoned.IsCancellationRequested) batch.Add(p);
                else
                {
                    p.Completion.TrySetCanceled(p.Abandoned);
                    _metrics.Rejections.Increment("abandoned");
                }
            }
        }
        int n = batch.Count;
        try
        {
            if (n == 0) return;
            var users = new UserDemand[n];
            var gains = new double[n * m];
            for (int i = 0; i < n; i++)
            {
                users[i] = batch[i].Demand.Demand;
                batch[i].Demand.ChannelGains.CopyTo(gains, i * m);
            }
            var scenario = Scenario.Create(_parameters, users, _servers, gains);
            var assignment = _goa.Decide(scenario, _context);
            var outcome = OutcomeEvaluator.Evaluate(scenario, assignment);
            var delays = new double[n];
            for (int i = 0; i < n; i++) delays[i] = outcome.Users[i].DelayS;
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            long id = Interlocked.Increment(ref _nextEpoch);
            _history.Add(new EpochRecord(id, scenario, assignment, delays, _context.Tau, _context.Engine.Name, seconds, DateTimeOffset.UtcNow));
            _metrics.EpochSize.Observe(n);
            _metrics.EpochDecideSeconds.Observe(seconds);
            long now = Stopwatch.GetTimestamp();
            for (int i = 0; i < n; i++)
            {
                int j = assignment[i];
                bool offload = j != Assignment.Local;
                _metrics.Decisions.Increment(offload ? DecideResponse.Offload : DecideResponse.Local);
                _metrics.DecisionLatencySeconds.Observe((double)(now - batch[i].ArrivedTicks) / Stopwatch.Frequency);
                batch[i].Completion.TrySetResult(new DecideResponse(offload ? DecideResponse.Offload : DecideResponse.Local,
                    offload ? _servers[j].Id : null, delays[i] * 1000, id, scenario.Uncertainty[i], n));
            }
        }
        catch (Exception ex)
        {
            // Requests are validated one by one before queuing, so this is a bug; every device still gets an answer.
            foreach (var p in batch) p.Completion.TrySetException(ex);
        }
        finally
        {
            Interlocked.Add(ref _pending, -released);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _loop.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}

/// <summary>The gateway shut down while a request waited for its epoch.</summary>
internal sealed class GatewayStoppingException() : Exception("The gateway is shutting down; the request was not decided. Answer locally or retry.");
