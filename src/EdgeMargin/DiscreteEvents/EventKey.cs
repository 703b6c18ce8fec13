namespace EdgeMargin.DiscreteEvents;

/// <summary>
/// Where an event sits in the queue: its time, then the order in which it was scheduled. The sequence number breaks
/// ties between events at the same instant first-scheduled-first, so a run depends only on its inputs, never on how a
/// heap happens to order equal keys.
/// </summary>
/// <param name="Time">Simulated time, seconds.</param>
/// <param name="Sequence">Position in scheduling order (unique within one queue).</param>
public readonly record struct EventKey(double Time, long Sequence) : IComparable<EventKey>
{
    /// <inheritdoc />
    public int CompareTo(EventKey other)
    {
        // Times are never NaN (the queue refuses them), so < and > order them totally.
        if (Time < other.Time) return -1;
        if (Time > other.Time) return 1;
        return Sequence.CompareTo(other.Sequence);
    }
}
