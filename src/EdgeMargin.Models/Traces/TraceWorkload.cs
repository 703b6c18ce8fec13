using System.Runtime.CompilerServices;
using EdgeMargin.Sampling;
using EdgeMargin.Workloads;

namespace EdgeMargin.Models.Traces;

/// <summary>Replays a profiled trace as the simulator's workload (measured, not synthetic).</summary>
public sealed class TraceWorkload : IWorkload
{
    private readonly IReadOnlyList<QueryProfile> _queries;

    // One generator is created per epoch and used for all its users in order (ScenarioGenerator's workload stream), so
    // the count of draws made with it is the user index; keying the cursor on the generator keeps replay deterministic
    // under any thread schedule without widening IWorkload.
    private readonly ConditionalWeakTable<SeededRandom, StrongBox<int>> _cursors = [];

    /// <summary>Wraps already-read queries; <paramref name="name"/> is shown in outputs.</summary>
    public TraceWorkload(string name, IReadOnlyList<QueryProfile> queries, TraceOrder order = TraceOrder.Uniform)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count == 0) throw new ArgumentException("A trace workload needs at least one query.", nameof(queries));
        Name = name;
        Order = order;
        _queries = queries;
    }

    /// <summary>Reads and validates <paramref name="path"/> into a workload named "trace:&lt;file name&gt;".</summary>
    /// <exception cref="TraceFormatException">The trace is missing or invalid.</exception>
    public static TraceWorkload Load(string path, TraceOrder order = TraceOrder.Uniform) =>
        new($"trace:{Path.GetFileName(path)}", TraceFile.ReadProfiles(path), order) { SourcePath = Path.GetFullPath(path) };

    /// <summary>Full path of the file the trace was read from, when it came from a file.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The trace's queries in file order.</summary>
    public IReadOnlyList<QueryProfile> Queries => _queries;

    /// <summary>How lines are handed out.</summary>
    public TraceOrder Order { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsSynthetic => false;

    /// <summary>Mean slm_correct over the trace's lines (what local-all scores in sequential replay with N a multiple of the length).</summary>
    public double SlmAccuracy => _queries.Average(q => q.SlmCorrect ? 1.0 : 0.0);

    /// <summary>Mean llm_correct over the trace's lines.</summary>
    public double LlmAccuracy => _queries.Average(q => q.LlmCorrect ? 1.0 : 0.0);

    /// <inheritdoc />
    public QueryProfile Next(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Order == TraceOrder.Uniform) return _queries[random.NextInt(_queries.Count)];
        if (!_cursors.TryGetValue(random, out var cursor))
        {
            cursor = new StrongBox<int>(random.NextInt(_queries.Count));
            _cursors.AddOrUpdate(random, cursor);
        }
        var q = _queries[cursor.Value];
        cursor.Value = (cursor.Value + 1) % _queries.Count;
        return q;
    }
}
