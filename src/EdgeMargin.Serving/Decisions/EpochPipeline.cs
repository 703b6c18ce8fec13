using EdgeMargin.Offloading;
using EdgeMargin.Serving.Batching;
using EdgeMargin.Serving.Metrics;

namespace EdgeMargin.Serving.Decisions;

/// <summary>
/// Joins the batcher to the decider: takes each closed batch, leaves out devices that stopped waiting, decides the
/// rest as one epoch, records it, counts it, and answers every device from that one assignment. One loop, so epochs
/// are decided in order and one at a time.
/// </summary>
internal sealed class EpochPipeline
{
    private readonly EpochBatcher<PendingDecision> _batcher;
    private readonly EpochDecider _decider;
    private readonly EpochHistory? _history;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _abort = new();
    private Task _loop = Task.CompletedTask;
    private long _nextEpoch;

    /// <param name="batcher">Where the batches come from.</param>
    /// <param name="decider">What decides each epoch.</param>
    /// <param name="history">Where decided epochs are kept; null keeps none.</param>
    /// <param name="metrics">What is counted.</param>
    /// <param name="time">The clock latencies are measured on (the batcher's).</param>
    public EpochPipeline(EpochBatcher<PendingDecision> batcher, EpochDecider decider, EpochHistory? history, GatewayMetrics metrics, TimeProvider time)
    {
        _batcher = batcher;
        _decider = decider;
        _history = history;
        _metrics = metrics;
        _time = time;
        _metrics.TrackPending(() => _batcher.Held);
    }

    /// <summary>The batcher feeding the pipeline.</summary>
    public EpochBatcher<PendingDecision> Batcher => _batcher;

    /// <summary>The decider.</summary>
    public EpochDecider Decider => _decider;

    /// <summary>Batches dealt with (decided and answered, or found empty of waiting devices), counted after their capacity is free.</summary>
    public CountSignal Handled { get; } = new();

    /// <summary>True once shutdown began: nothing more is accepted.</summary>
    public bool IsStopping => _batcher.IsCompleted;

    /// <summary>Starts the loop.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues a request for the next epoch; false when the gateway is full or stopping.</summary>
    public bool TryEnqueue(PendingDecision pending) => _batcher.TryAdd(pending);

    /// <summary>Stops intake and decides everything already accepted (no window is waited for); completes when all are answered.</summary>
    public Task DrainAsync()
    {
        _batcher.Complete();
        return _loop;
    }

    /// <summary>Stops intake and answers what is not yet decided with <see cref="GatewayStoppingException"/>.</summary>
    public async Task AbortAsync()
    {
        _batcher.Complete();
        await _abort.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _batcher.NextAsync(_abort.Token).ConfigureAwait(false) is { } batch)
            {
                List<(PendingDecision Pending, DecideResponse Response)> answers;
                try { answers = Decide(batch.Items); }
                catch (Exception ex)
                {
                    // A bug outside the policy (recording, counting): the loop must live on, and every device still gets an answer.
                    foreach (var p in batch.Items) p.Completion.TrySetException(ex);
                    answers = [];
                }
                // Capacity is released before anyone is answered, so a device that asks again at once finds it free.
                batch.Dispose();
                foreach (var (pending, response) in answers) pending.Completion.TrySetResult(response);
                Handled.Increment();
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
        }
        // Nothing accepted is ever left hanging: what was not decided gets a clear failure.
        foreach (var left in _batcher.TakeWaiting()) left.Completion.TrySetException(new GatewayStoppingException());
    }

    /// <summary>Decides one batch; returns the answers to give (failures and abandoned devices are answered here already).</summary>
    private List<(PendingDecision Pending, DecideResponse Response)> Decide(IReadOnlyList<PendingDecision> all)
    {
        var answers = new List<(PendingDecision, DecideResponse)>(all.Count);
        // A device that stopped waiting has already answered locally: leaving it in would make the policy share
        // bandwidth and compute with a user who never sends its prompt.
        var batch = new List<PendingDecision>(all.Count);
        foreach (var p in all)
        {
            if (!p.Abandoned.IsCancellationRequested) batch.Add(p);
            else
            {
                p.Completion.TrySetCanceled(p.Abandoned);
                _metrics.Rejections.Increment("abandoned");
            }
        }
        int n = batch.Count;
        if (n == 0) return answers;
        EpochRecord epoch;
        try { epoch = _decider.Decide(++_nextEpoch, batch.Select(p => p.Demand).ToArray()); }
        catch (Exception ex)
        {
            // Requests are validated one by one before queuing, so this is a bug; every device still gets an answer.
            foreach (var p in batch) p.Completion.TrySetException(ex);
            return answers;
        }
        _history?.Add(epoch);
        _metrics.EpochSize.Observe(n);
        _metrics.EpochDecideSeconds.Observe(epoch.DecideSeconds);
        for (int i = 0; i < n; i++)
        {
            int j = epoch.Assignment[i];
            bool offload = j != Assignment.Local;
            string kind = offload ? DecideResponse.Offload : DecideResponse.Local;
            _metrics.Decisions.Increment(kind);
            _metrics.DecisionLatencySeconds.Observe(_time.GetElapsedTime(batch[i].ArrivedAt).TotalSeconds);
            answers.Add((batch[i], new DecideResponse(kind, offload ? epoch.Servers[j].Id : null, DecideResponse.Milliseconds(epoch.PredictedDelayS[i]), epoch.Id,
                epoch.Users[i].Uncertainty, n)));
        }
        return answers;
    }
}

/// <summary>The gateway shut down while a request waited for its epoch.</summary>
internal sealed class GatewayStoppingException() : Exception("The gateway is shutting down; the request was not decided. Answer locally or retry.");
