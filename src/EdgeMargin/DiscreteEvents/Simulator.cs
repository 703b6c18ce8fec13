namespace EdgeMargin.DiscreteEvents;

/// <summary>
/// A virtual clock over an <see cref="EventQueue{TEvent}"/>: the mechanism of a discrete-event simulation and nothing
/// else. It knows no model; a model schedules struct events and dispatches the ones it is handed (SimSharp's
/// Environment plays this role, its resources the models'). Time is simulated seconds from zero; there is no wall clock.
/// </summary>
/// <remarks>
/// The loop is pull-based — <c>while (sim.TryNext(until, out var e)) Handle(e);</c> — so dispatch is a switch in the
/// model, not a delegate per event. A run is deterministic: events at equal times come out in the order they were
/// scheduled, and nothing here draws a random number or reads a clock.
/// </remarks>
public sealed class Simulator<TEvent> where TEvent : struct
{
    private readonly EventQueue<TEvent> _queue;

    /// <summary>Creates a simulator at time 0.</summary>
    public Simulator(int capacity = 64) => _queue = new EventQueue<TEvent>(capacity);

    /// <summary>Current simulated time, seconds.</summary>
    public double Now { get; private set; }

    /// <summary>Events handed out by <see cref="TryNext"/> so far.</summary>
    public long Processed { get; private set; }

    /// <summary>Events waiting.</summary>
    public int Pending => _queue.Count;

    /// <summary>Schedules <paramref name="item"/> at absolute time <paramref name="time"/> (at or after <see cref="Now"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is NaN or in the past: a model error, reported at once.</exception>
    public void At(double time, in TEvent item)
    {
        if (!(time >= Now)) throw new ArgumentOutOfRangeException(nameof(time), time, $"An event cannot be scheduled before the current time {Now}.");
        _queue.Enqueue(time, item);
    }

    /// <summary>Schedules <paramref name="item"/> <paramref name="delay"/> seconds from now (delay &gt;= 0).</summary>
    public void After(double delay, in TEvent item) => At(Now + delay, item);

    /// <summary>
    /// Hands out the next event if it is due at or before <paramref name="until"/> and advances the clock to its time;
    /// otherwise leaves it queued, sets the clock to <paramref name="until"/> (when that is finite and later) and returns false.
    /// </summary>
    public bool TryNext(double until, out TEvent item)
    {
        if (_queue.PeekTime() <= until && _queue.TryDequeue(out item, out double time))
        {
            Now = time;
            Processed++;
            return true;
        }
        item = default;
        if (double.IsFinite(until) && until > Now) Now = until;
        return false;
    }
}
