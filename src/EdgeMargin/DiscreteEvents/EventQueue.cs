namespace EdgeMargin.DiscreteEvents;

/// <summary>
/// The future-event list of a discrete-event simulation: events of a struct type ordered by (time, scheduling order).
/// It holds no clock and runs no handlers; <see cref="Simulator{TEvent}"/> adds the clock.
/// </summary>
/// <typeparam name="TEvent">A small struct naming what happens (a kind and the indices it concerns), so scheduling
/// and dequeuing allocate nothing and no closure is created per event.</typeparam>
/// <remarks>
/// Backed by <see cref="PriorityQueue{TElement, TPriority}"/>, which is already the 4-ary array heap one would write
/// (allocation-free for struct elements once grown, and its default comparer is devirtualised for a struct key); what
/// it lacks is a deterministic tie-break, which the sequence number in <see cref="EventKey"/> supplies. Cancellation is
/// left to the models: they stamp an event with a version and ignore it when it no longer matches (lazy deletion),
/// which costs one stale entry per reschedule instead of an indexed heap's bookkeeping on every operation.
/// </remarks>
public sealed class EventQueue<TEvent> where TEvent : struct
{
    private readonly PriorityQueue<TEvent, EventKey> _heap;
    private long _sequence;

    /// <summary>Creates an empty queue with room for <paramref name="capacity"/> events before it grows.</summary>
    public EventQueue(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _heap = new PriorityQueue<TEvent, EventKey>(capacity);
    }

    /// <summary>Events waiting.</summary>
    public int Count => _heap.Count;

    /// <summary>Events scheduled so far (also the next sequence number).</summary>
    public long Scheduled => _sequence;

    /// <summary>Adds <paramref name="item"/> at <paramref name="time"/>, after every event already scheduled for that instant.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is NaN.</exception>
    public void Enqueue(double time, in TEvent item)
    {
        if (double.IsNaN(time)) throw new ArgumentOutOfRangeException(nameof(time), time, "An event time must be a number.");
        _heap.Enqueue(item, new EventKey(time, _sequence++));
    }

    /// <summary>Removes the earliest event (first scheduled among equals); false when the queue is empty.</summary>
    public bool TryDequeue(out TEvent item, out double time)
    {
        if (_heap.TryDequeue(out item, out var key))
        {
            time = key.Time;
            return true;
        }
        time = double.PositiveInfinity;
        return false;
    }

    /// <summary>The time of the earliest event, or +infinity when the queue is empty.</summary>
    public double PeekTime() => _heap.TryPeek(out _, out var key) ? key.Time : double.PositiveInfinity;

    /// <summary>Removes every event (the sequence keeps counting, so order stays unique).</summary>
    public void Clear() => _heap.Clear();
}
