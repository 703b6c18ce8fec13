using System.Threading.Channels;

namespace EdgeMargin.Serving.Batching;

/// <summary>
/// Groups items into batches by time and size, and does nothing else: it knows neither what an item is nor what is
/// done with a batch. A batch opens with the oldest waiting item and closes <see cref="EpochBatcherOptions.Window"/>
/// after that item arrived, or as soon as it holds <see cref="EpochBatcherOptions.MaxBatch"/> items. At most
/// <see cref="EpochBatcherOptions.Capacity"/> items may be held at once (waiting, or inside a batch that was not yet
/// disposed); <see cref="TryAdd"/> refuses the rest so the caller can shed load at once. All time comes from the
/// <see cref="TimeProvider"/> it is given.
/// </summary>
/// <remarks>
/// <para>
/// The window is measured from the first item's arrival (its timestamp when it was added), not from the moment a
/// consumer takes it. So an item added before the clock passes the deadline is always in the batch, however late the
/// consumer's thread runs (with a fake clock that makes batching exact); and when the consumer falls behind, a
/// backlog is batched at once instead of each batch waiting a full window more, so no item waits longer than the
/// window plus the consumer's own delay. A closing batch takes every item waiting at that moment, up to the size
/// limit: under a backlog the batches are as large as allowed, which is what batching is for.
/// </para>
/// <para>
/// One consumer calls <see cref="NextAsync"/> at a time. <see cref="Complete"/> stops intake; what is still waiting is
/// then batched without waiting for windows, so shutting down answers every accepted item promptly.
/// </para>
/// </remarks>
/// <typeparam name="T">What is batched.</typeparam>
public sealed class EpochBatcher<T>
{
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly long _windowTicks;
    private readonly CountSignal _accepted = new();
    private List<Entry>? _carried;
    private int _held;
    private int _completed;

    /// <summary>Creates a batcher that reads time from <paramref name="time"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public EpochBatcher(EpochBatcherOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(options));
        Options = options;
        _time = time;
        _windowTicks = (long)Math.Round(options.Window.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>The limits in force.</summary>
    public EpochBatcherOptions Options { get; }

    /// <summary>Items waiting or inside a batch not yet disposed.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>True once <see cref="Complete"/> was called: nothing more is accepted.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Adds an item to the next batch; false when the batcher already holds its capacity or is completed.</summary>
    public bool TryAdd(T item)
    {
        int now = Interlocked.Increment(ref _held);
        if (now > Options.Capacity || IsCompleted || !_queue.Writer.TryWrite(new Entry(item, _time.GetTimestamp())))
        {
            Interlocked.Decrement(ref _held);
            return false;
        }
        _accepted.Increment();
        return true;
    }

    /// <summary>Stops intake. Waiting items are still handed out by <see cref="NextAsync"/>, without waiting for windows.</summary>
    public void Complete()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0) _queue.Writer.TryComplete();
    }

    /// <summary>
    /// The next batch, once it closes; null when the batcher is completed and empty. Dispose the batch when its items
    /// are dealt with: only then does its share of the capacity free up.
    /// </summary>
    public async ValueTask<Batch<T>?> NextAsync(CancellationToken cancellationToken = default)
    {
        var reader = _queue.Reader;
        int max = Options.MaxBatch;
        // Items a cancelled call had already taken open the next batch (or go back through TakeWaiting): never lost.
        var items = _carried ?? new List<Entry>(Math.Min(max, 64));
        _carried = null;
        if (items.Count == 0)
        {
            Entry first;
            while (!reader.TryRead(out first))
                if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            items.Add(first);
        }
        long openedAt = items[0].ArrivedAt;
        long deadline = openedAt + _windowTicks;
        BatchCloseReason reason;
        try { reason = await FillAsync(items, deadline, cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _carried = items;
            throw;
        }
        return new Batch<T>(this, items.Select(e => e.Item).ToArray(), openedAt, _time.GetTimestamp(), reason);
    }

    private async ValueTask<BatchCloseReason> FillAsync(List<Entry> items, long deadline, CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        int max = Options.MaxBatch;
        while (true)
        {
            while (items.Count < max && reader.TryRead(out var next)) items.Add(next);
            if (items.Count >= max) return BatchCloseReason.Full;
            if (IsCompleted) return BatchCloseReason.Flushed;
            long remaining = deadline - _time.GetTimestamp();
            if (remaining <= 0) return BatchCloseReason.Window;
            // One timer per wait, disposed with it: nothing is left registered on the channel or the clock afterwards.
            using var window = new CancellationTokenSource(TimeSpan.FromSeconds((double)remaining / _time.TimestampFrequency), _time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(window.Token, cancellationToken);
            try
            {
                if (!await reader.WaitToReadAsync(either.Token).ConfigureAwait(false)) return BatchCloseReason.Flushed;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The window's timer fired: the top of the loop takes what arrived meanwhile and, the deadline being
                // past on the clock itself (a timer rounded short just waits the rest), closes the batch.
            }
        }
    }

    /// <summary>
    /// Items never handed out in a batch, taken out of the batcher (capacity released). For a consumer that gives up
    /// (after cancelling <see cref="NextAsync"/>) and must still answer them.
    /// </summary>
    public IReadOnlyList<T> TakeWaiting()
    {
        var left = new List<T>();
        if (Interlocked.Exchange(ref _carried, null) is { } carried) left.AddRange(carried.Select(e => e.Item));
        while (_queue.Reader.TryRead(out var entry)) left.Add(entry.Item);
        Interlocked.Add(ref _held, -left.Count);
        return left;
    }

    /// <summary>Items accepted since the batcher was created (every successful <see cref="TryAdd"/>).</summary>
    public long Accepted => _accepted.Count;

    /// <summary>Completes once <see cref="Accepted"/> reaches <paramref name="count"/>.</summary>
    /// <remarks>
    /// For a caller that must know an item is in before it acts, e.g. a test before it moves a fake clock: the count
    /// only grows, so the wait means the same thing however fast earlier batches were dealt with.
    /// </remarks>
    public Task WhenAcceptedAsync(long count, CancellationToken cancellationToken = default) => _accepted.WhenAtLeastAsync(count, cancellationToken);

    internal void Release(int count) => Interlocked.Add(ref _held, -count);

    private readonly record struct Entry(T Item, long ArrivedAt);
}

/// <summary>Why a batch closed.</summary>
public enum BatchCloseReason
{
    /// <summary>It reached the size limit.</summary>
    Full,

    /// <summary>Its window ran out.</summary>
    Window,

    /// <summary>The batcher was completed (shutting down): no window was waited for.</summary>
    Flushed,
}

/// <summary>
/// One closed batch. Holds its items' share of the batcher's capacity until disposed, so a batcher's
/// <see cref="EpochBatcher{T}.Held"/> counts the items still being dealt with, not only those waiting.
/// </summary>
/// <typeparam name="T">What is batched.</typeparam>
public sealed class Batch<T> : IDisposable
{
    private EpochBatcher<T>? _owner;

    internal Batch(EpochBatcher<T> owner, IReadOnlyList<T> items, long openedAt, long closedAt, BatchCloseReason reason)
    {
        _owner = owner;
        Items = items;
        OpenedAt = openedAt;
        ClosedAt = closedAt;
        Reason = reason;
    }

    /// <summary>The items, in arrival order.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>Arrival of the first item, on the batcher's <see cref="TimeProvider"/> timestamp scale.</summary>
    public long OpenedAt { get; }

    /// <summary>When the batch closed, on the same scale.</summary>
    public long ClosedAt { get; }

    /// <summary>Why it closed.</summary>
    public BatchCloseReason Reason { get; }

    /// <summary>Releases the items' capacity (once).</summary>
    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(Items.Count);
}

/// <summary>Limits of an <see cref="EpochBatcher{T}"/>.</summary>
/// <param name="Window">How long a batch stays open after its first item arrived (zero: it takes what is waiting and closes).</param>
/// <param name="MaxBatch">A batch closes early once it holds this many items.</param>
/// <param name="Capacity">Most items held at once, waiting or batched.</param>
public sealed record EpochBatcherOptions(TimeSpan Window, int MaxBatch, int Capacity)
{
    /// <summary>Every problem with these limits (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Window < TimeSpan.Zero) problems.Add($"Window must be >= 0 (got {Window}).");
        if (MaxBatch < 1) problems.Add($"MaxBatch must be at least 1 (got {MaxBatch}).");
        if (Capacity < 1) problems.Add($"Capacity must be at least 1 (got {Capacity}).");
        return problems;
    }
}
