namespace EdgeMargin.DiscreteEvents;

/// <summary>
/// A server of capacity C shared by the jobs in service: with n of them, each is served at min(c, C / n), where c is
/// a per-job cap, and at most k are in service at once (the rest wait first come, first served). One mechanism covers
/// the classic disciplines: k = 1 is FCFS; c = C and k unbounded is egalitarian processor sharing; c = C / k is a
/// k-server FCFS queue; the paper's edge share min(C_max, C_j / n) is c = C_max with k unbounded.
/// </summary>
/// <remarks>
/// <para>
/// Event-driven: the queue never ticks. All jobs in service get the same rate, so it tracks the service each of them
/// has received since the busy period began, V(t), which grows at min(c, C / n); a job admitted when V = v with work w
/// finishes when V reaches v + w. Jobs sit in a heap by that finishing value, so arrivals and departures cost
/// O(log n) and the next completion is (min finish - V) / rate away. The owner schedules one timer at
/// <see cref="NextCompletionTime"/> and, when the job set changes, schedules a new one and ignores the old.
/// </para>
/// <para>
/// Exactness where the static model is exact: V restarts at zero with every busy period, so n equal jobs admitted
/// together at time t finish at exactly t + w / min(c, C / n), the double the static evaluator computes; and a
/// completion sets V to the finishing value itself (not to an elapsed-time product that could round a hair short), so
/// jobs that finish together leave together.
/// </para>
/// </remarks>
public sealed class ProcessorSharingQueue
{
    private readonly PriorityQueue<int, FinishKey> _inService = new();
    private readonly Queue<(int Job, double Work)> _waiting = new();
    private double _attained;     // V: service per job since the busy period began
    private double _lastUpdate;   // time at which _attained was last brought up to date
    private long _sequence;

    /// <summary>Creates the queue.</summary>
    /// <param name="capacity">Total service rate C (work units per second), finite and &gt; 0.</param>
    /// <param name="perJobCap">Largest rate one job can receive, c (&gt; 0; +infinity for none).</param>
    /// <param name="maxInService">Jobs served at once, k (&gt;= 1; <see cref="int.MaxValue"/> for no limit).</param>
    public ProcessorSharingQueue(double capacity, double perJobCap = double.PositiveInfinity, int maxInService = int.MaxValue)
    {
        if (!(capacity > 0) || double.IsInfinity(capacity)) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be a finite number > 0.");
        if (!(perJobCap > 0)) throw new ArgumentOutOfRangeException(nameof(perJobCap), perJobCap, "The per-job cap must be > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInService, 1);
        Capacity = capacity;
        PerJobCap = perJobCap;
        MaxInService = maxInService;
    }

    /// <summary>Total service rate C.</summary>
    public double Capacity { get; }

    /// <summary>Per-job cap c.</summary>
    public double PerJobCap { get; }

    /// <summary>Largest number of jobs in service, k.</summary>
    public int MaxInService { get; }

    /// <summary>Jobs being served.</summary>
    public int InService => _inService.Count;

    /// <summary>Jobs waiting for a place in service.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Jobs present (in service and waiting).</summary>
    public int Count => _inService.Count + _waiting.Count;

    /// <summary>The rate each job in service receives now: min(c, C / n), or 0 when idle.</summary>
    public double RatePerJob => _inService.Count == 0 ? 0 : RateFor(_inService.Count);

    /// <summary>The fraction of C in use now: n min(c, C / n) / C.</summary>
    public double UsedFraction => _inService.Count == 0 ? 0 : Math.Min(1, _inService.Count * PerJobCap / Capacity);

    /// <summary>When the next job finishes if nothing arrives first; +infinity when idle.</summary>
    public double NextCompletionTime { get; private set; } = double.PositiveInfinity;

    /// <summary>Per-job rate with <paramref name="jobs"/> in service: min(c, C / n), as <c>EdgeShare.PerUserFlops</c> computes it.</summary>
    public double RateFor(int jobs) => Math.Min(PerJobCap, Capacity / jobs);

    /// <summary>Adds job <paramref name="job"/> with <paramref name="work"/> units of work (finite, &gt;= 0) at time <paramref name="now"/>.</summary>
    public void Arrive(double now, int job, double work)
    {
        if (!(work >= 0) || double.IsInfinity(work)) throw new ArgumentOutOfRangeException(nameof(work), work, "Work must be a finite number >= 0.");
        BringUpTo(now);
        if (_inService.Count < MaxInService) Admit(job, work);
        else _waiting.Enqueue((job, work));
        Reschedule(now);
    }

    /// <summary>
    /// Removes every job that finishes at <paramref name="now"/>, which must be <see cref="NextCompletionTime"/>, appending
    /// their ids to <paramref name="completed"/> in the order they were admitted among equals, and admits waiting jobs.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="now"/> is not the scheduled completion time.</exception>
    public void CompleteDue(double now, List<int> completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        // Exact equality on purpose: the owner schedules its timer at this very double and drops stale ones by version.
        if (now != NextCompletionTime) throw new InvalidOperationException($"No completion is due at {now}; the next is at {NextCompletionTime}.");
        _inService.TryPeek(out _, out var first);
        _attained = first.Finish;
        _lastUpdate = now;
        while (_inService.TryPeek(out int job, out var key) && key.Finish <= _attained)
        {
            _inService.Dequeue();
            completed.Add(job);
        }
        // A new busy period (or, with k in service at most, a fresh start for the next k) begins at zero, so a job that
        // starts alone finishes at exactly start + w / rate.
        if (_inService.Count == 0) _attained = 0;
        while (_inService.Count < MaxInService && _waiting.TryDequeue(out var next)) Admit(next.Job, next.Work);
        Reschedule(now);
    }

    /// <summary>Work not yet done at time <paramref name="now"/> by the jobs present (in service and waiting).</summary>
    public double RemainingWork(double now)
    {
        double attained = _attained + (_inService.Count == 0 ? 0 : RateFor(_inService.Count) * (now - _lastUpdate));
        double sum = 0;
        foreach (var (_, key) in _inService.UnorderedItems) sum += Math.Max(0, key.Finish - attained);
        foreach (var (_, work) in _waiting) sum += work;
        return sum;
    }

    private void Admit(int job, double work) => _inService.Enqueue(job, new FinishKey(_attained + work, _sequence++));

    private void BringUpTo(double now)
    {
        if (_inService.Count > 0) _attained += RateFor(_inService.Count) * (now - _lastUpdate);
        _lastUpdate = now;
    }

    private void Reschedule(double now)
    {
        if (_inService.TryPeek(out _, out var first))
            NextCompletionTime = now + Math.Max(0, first.Finish - _attained) / RateFor(_inService.Count);
        else
            NextCompletionTime = double.PositiveInfinity;
    }

    private readonly record struct FinishKey(double Finish, long Sequence) : IComparable<FinishKey>
    {
        public int CompareTo(FinishKey other)
        {
            if (Finish < other.Finish) return -1;
            if (Finish > other.Finish) return 1;
            return Sequence.CompareTo(other.Sequence);
        }
    }
}
