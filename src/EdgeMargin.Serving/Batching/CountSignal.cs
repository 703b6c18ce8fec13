namespace EdgeMargin.Serving.Batching;

/// <summary>
/// A counter that only grows, with waits for it to reach a value: how a caller learns that something happened
/// elsewhere (an item accepted, a device gone) without polling. Increments are lock-free while nobody waits.
/// </summary>
public sealed class CountSignal
{
    private readonly object _lock = new();
    private List<(long Count, TaskCompletionSource Done)>? _waiters;
    private long _count;

    /// <summary>The count now.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Adds one.</summary>
    public void Increment()
    {
        long now = Interlocked.Increment(ref _count);
        if (Volatile.Read(ref _waiters) is not null) Release(now);
    }

    /// <summary>Completes once <see cref="Count"/> reaches <paramref name="count"/>.</summary>
    public Task WhenAtLeastAsync(long count, CancellationToken cancellationToken = default)
    {
        if (Count >= count) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock) (_waiters ??= []).Add((count, done));
        // Increment counts first and looks for waiters second; looking at the count again after registering (with a full
        // fence between) means that of an increment and a registration racing, at least one sees the other.
        Interlocked.MemoryBarrier();
        Release(Count);
        return done.Task.WaitAsync(cancellationToken);
    }

    private void Release(long now)
    {
        lock (_lock)
        {
            if (_waiters is null) return;
            for (int k = _waiters.Count - 1; k >= 0; k--)
            {
                if (now < _waiters[k].Count) continue;
                _waiters[k].Done.TrySetResult();
                _waiters.RemoveAt(k);
            }
            if (_waiters.Count == 0) _waiters = null;
        }
    }
}
