namespace EdgeMargin.Serving.Hosting;

/// <summary>
/// Counts the requests being handled, so that a shutdown can wait until every one of them has been answered, and
/// carries the token that ends the shutdown grace period for those still running.
/// </summary>
internal sealed class InFlightRequests
{
    private readonly object _lock = new();
    private readonly CancellationTokenSource _graceOver = new();
    private TaskCompletionSource? _idle;
    private int _count;

    /// <summary>Requests being handled now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Cancelled when the shutdown grace period ends: a handler still waiting then answers at once.</summary>
    public CancellationToken GraceOver => _graceOver.Token;

    public void Enter() => Interlocked.Increment(ref _count);

    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) != 0) return;
        lock (_lock)
        {
            _idle?.TrySetResult();
            _idle = null;
        }
    }

    /// <summary>Completes when no request is being handled (at once if none is).</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (Count == 0) return Task.CompletedTask;
            return (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>Ends the grace period.</summary>
    public void EndGrace() => _graceOver.Cancel();
}
