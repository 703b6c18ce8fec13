using EdgeMargin.Sampling;

namespace EdgeMargin.Workloads;

/// <summary>A source of queries for simulated epochs: the built-in synthetic generator, or a replayed trace of real model runs.</summary>
public interface IWorkload
{
    /// <summary>Name shown in outputs (e.g. "synthetic", "trace:babi.jsonl").</summary>
    string Name { get; }

    /// <summary>True when the queries are generated rather than measured; outputs then say so.</summary>
    bool IsSynthetic { get; }

    /// <summary>Draws one query using only <paramref name="random"/>.</summary>
    QueryProfile Next(SeededRandom random);
}
