using EdgeMargin.Serving.Batching;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMargin.Serving.Tests;

/// <summary>The batcher on its own, on a fake clock: batches close by size, by window or on completion, and capacity holds.</summary>
public sealed class EpochBatcherTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static (EpochBatcher<int> Batcher, FakeTimeProvider Clock) Make(int maxBatch = 100, int capacity = 1000, TimeSpan? window = null)
    {
        var clock = new FakeTimeProvider();
        return (new EpochBatcher<int>(new EpochBatcherOptions(window ?? Window, maxBatch, capacity), clock), clock);
    }

    [Fact]
    public async Task A_batch_closes_when_the_window_after_its_first_item_has_passed_and_not_a_tick_before()
    {
        var (batcher, clock) = Make();
        Assert.True(batcher.TryAdd(1));
        var next = batcher.NextAsync().AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(batcher.TryAdd(2));
        clock.Advance(Window - TimeSpan.FromMilliseconds(20) - TimeSpan.FromTicks(1));
        Assert.True(batcher.TryAdd(3));
        Assert.False(next.IsCompleted);

        clock.Advance(TimeSpan.FromTicks(1));
        using var batch = await next.WaitAsync(Bound);
        Assert.Equal([1, 2, 3], batch!.Items);
        Assert.Equal(BatchCloseReason.Window, batch.Reason);
        Assert.Equal(Window, clock.GetElapsedTime(batch.OpenedAt, batch.ClosedAt));
    }

    [Fact]
    public async Task An_item_that_arrives_after_a_batch_closed_opens_the_next_with_its_own_window()
    {
        var (batcher, clock) = Make();
        batcher.TryAdd(1);
        clock.Advance(Window);
        using (var first = await batcher.NextAsync().AsTask().WaitAsync(Bound))
        {
            Assert.Equal([1], first!.Items);
            Assert.Equal(BatchCloseReason.Window, first.Reason);
        }
        batcher.TryAdd(2);
        var second = batcher.NextAsync().AsTask();
        clock.Advance(Window - TimeSpan.FromTicks(1));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromTicks(1));
        using var batch = await second.WaitAsync(Bound);
        Assert.Equal([2], batch!.Items);
    }

    [Fact]
    public async Task A_full_batch_closes_at_once_and_the_rest_waits_for_the_next()
    {
        var (batcher, _) = Make(maxBatch: 3);
        for (int i = 0; i < 5; i++) Assert.True(batcher.TryAdd(i));
        using var batch = await batcher.NextAsync().AsTask().WaitAsync(Bound);
        Assert.Equal([0, 1, 2], batch!.Items);
        Assert.Equal(BatchCloseReason.Full, batch.Reason);
        Assert.False(batcher.NextAsync().AsTask().IsCompleted);
    }

    [Fact]
    public async Task A_zero_window_takes_what_is_waiting_without_a_timer()
    {
        var (batcher, _) = Make(window: TimeSpan.Zero);
        batcher.TryAdd(1);
        batcher.TryAdd(2);
        using var batch = await batcher.NextAsync().AsTask().WaitAsync(Bound);
        Assert.Equal([1, 2], batch!.Items);
        Assert.Equal(BatchCloseReason.Window, batch.Reason);
    }

    [Fact]
    public async Task Capacity_counts_items_until_their_batch_is_disposed()
    {
        var (batcher, clock) = Make(maxBatch: 2, capacity: 3);
        Assert.True(batcher.TryAdd(1));
        Assert.True(batcher.TryAdd(2));
        Assert.True(batcher.TryAdd(3));
        Assert.False(batcher.TryAdd(4));
        var batch = await batcher.NextAsync().AsTask().WaitAsync(Bound);
        // Taken out of the queue but not yet dealt with: still held.
        Assert.Equal(3, batcher.Held);
        Assert.False(batcher.TryAdd(5));
        batch!.Dispose();
        batch.Dispose();
        Assert.Equal(1, batcher.Held);
        Assert.True(batcher.TryAdd(6));
        Assert.Equal(4, batcher.Accepted);
        clock.Advance(Window);
        using var rest = await batcher.NextAsync().AsTask().WaitAsync(Bound);
        Assert.Equal([3, 6], rest!.Items);
    }

    [Fact]
    public async Task Completing_flushes_the_open_batch_at_once_and_then_ends()
    {
        var (batcher, _) = Make();
        batcher.TryAdd(1);
        var open = batcher.NextAsync().AsTask();
        batcher.TryAdd(2);
        batcher.Complete();
        Assert.False(batcher.TryAdd(3));
        using var batch = await open.WaitAsync(Bound);
        Assert.Equal(BatchCloseReason.Flushed, batch!.Reason);
        Assert.Equal([1, 2], batch.Items);
        Assert.Null(await batcher.NextAsync().AsTask().WaitAsync(Bound));
    }

    [Fact]
    public async Task A_cancelled_wait_loses_no_item()
    {
        var (batcher, _) = Make();
        batcher.TryAdd(1);
        batcher.TryAdd(2);
        using var cancel = new CancellationTokenSource();
        var open = batcher.NextAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => open.WaitAsync(Bound));
        batcher.TryAdd(3);
        Assert.Equal([1, 2, 3], batcher.TakeWaiting());
        Assert.Equal(0, batcher.Held);
    }

    [Fact]
    public async Task A_backlog_older_than_the_window_is_batched_without_waiting()
    {
        var (batcher, clock) = Make(maxBatch: 3);
        for (int i = 0; i < 4; i++) batcher.TryAdd(i);
        clock.Advance(Window * 3);
        using var a = await batcher.NextAsync().AsTask().WaitAsync(Bound);
        // The clock does not move again: the remainder's window ran out long ago, so it closes at once.
        using var b = await batcher.NextAsync().AsTask().WaitAsync(Bound);
        Assert.Equal([0, 1, 2], a!.Items);
        Assert.Equal([3], b!.Items);
        Assert.Equal(BatchCloseReason.Window, b.Reason);
    }

    [Fact]
    public async Task A_wait_for_accepted_items_completes_on_the_add_that_reaches_the_count()
    {
        var (batcher, _) = Make();
        var two = batcher.WhenAcceptedAsync(2);
        batcher.TryAdd(1);
        Assert.False(two.IsCompleted);
        batcher.TryAdd(2);
        await two.WaitAsync(Bound);
        Assert.True(batcher.WhenAcceptedAsync(1).IsCompleted);
    }

    [Fact]
    public void Invalid_limits_are_each_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EpochBatcher<int>(new EpochBatcherOptions(TimeSpan.FromSeconds(-1), 0, 0), TimeProvider.System));
        Assert.Contains("Window", ex.Message);
        Assert.Contains("MaxBatch", ex.Message);
        Assert.Contains("Capacity", ex.Message);
    }
}
