namespace EdgeMargin.DiscreteEvents;

/// <summary>
/// The time integral of a piecewise-constant level (jobs in a queue, a busy fraction), for time averages such as the
/// mean queue length L in Little's law. A mutable struct: keep it in a field or array element and update it in place.
/// </summary>
public struct TimeWeightedLevel
{
    private double _level;
    private double _since;
    private double _area;
    private double _start;

    /// <summary>The current level.</summary>
    public readonly double Level => _level;

    /// <summary>Sets the level from time <paramref name="now"/> on (times must not go backwards).</summary>
    public void Set(double now, double level)
    {
        _area += _level * (now - _since);
        _since = now;
        _level = level;
    }

    /// <summary>Adds <paramref name="delta"/> to the level from time <paramref name="now"/> on.</summary>
    public void Add(double now, double delta) => Set(now, _level + delta);

    /// <summary>Forgets the area so far and starts averaging at <paramref name="now"/> (end of a warm-up), keeping the level.</summary>
    public void Restart(double now)
    {
        _area = 0;
        _since = now;
        _start = now;
    }

    /// <summary>The integral of the level from the start (or the last restart) to <paramref name="now"/>.</summary>
    public readonly double Area(double now) => _area + _level * (now - _since);

    /// <summary>The time average of the level from the start (or the last restart) to <paramref name="now"/>; 0 over an empty interval.</summary>
    public readonly double Mean(double now) => now > _start ? Area(now) / (now - _start) : 0;
}
