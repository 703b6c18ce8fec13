using System.Diagnostics;
using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Experiments;

/// <summary>
/// Runs a Monte-Carlo sweep. Work is split by (user count, run) across threads; each run's numbers depend only on its
/// seed, and runs are averaged in a fixed order, so results are identical whatever the thread count.
/// </summary>
public static class ExperimentRunner
{
    private readonly record struct Cell(double Accuracy, double TotalS, double LocalS, double CommS, double EdgeS, int Offloaded, double DecisionMs, int Unserved);

    /// <summary>Number of work items a sweep reports progress in (one per user count and run).</summary>
    public static int WorkItems(SweepOptions options) => options.Users.Count * options.Runs;

    /// <summary>Runs the sweep; <paramref name="progress"/> receives 1 per finished (user count, run).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static SweepResult Run(SweepOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems));

        var channel = options.Channel.Create(options.Parameters.Physical);
        var policies = options.Policies.ToArray();
        int taus = options.Taus.Count, np = policies.Length, runs = options.Runs;
        var cells = new Cell[WorkItems(options) * taus * np];

        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
        };
        Parallel.For(0, WorkItems(options), parallel, item =>
        {
            int users = options.Users[item / runs];
            ulong runSeed = options.Seed + (ulong)(item % runs);
            var scenario = ScenarioGenerator.Generate(options.Parameters, options.ServerPositions, users, options.Workload, options.Signal, runSeed, channel, options.ServerOverrides);
            for (int t = 0; t < taus; t++)
            {
                // Every decision on this epoch and threshold is recorded, so a policy that builds on another's (random on
                // GOA's offload count) reuses it rather than deciding it again inside its own timed call.
                var memo = new DecisionMemo();
                var context = new PolicyContext(options.Taus[t], runSeed * 31 + (ulong)t) { Engine = options.Engine, Memo = memo };
                for (int p = 0; p < np; p++)
                {
                    var policy = policies[p];
                    long start = Stopwatch.GetTimestamp();
                    var assignment = policy.Decide(scenario, context);
                    double ms = options.MeasureDecisionTime ? Stopwatch.GetElapsedTime(start).TotalMilliseconds : 0;
                    memo.Record(policy, scenario, context, assignment);
                    var outcome = OutcomeEvaluator.Evaluate(scenario, assignment);
                    cells[(item * taus + t) * np + p] = new Cell(outcome.Accuracy ?? double.NaN, outcome.TotalDelayS, outcome.LocalS,
                        outcome.CommS, outcome.EdgeS, outcome.Offloaded, ms, assignment.UnservedForced);
                }
            }
            progress?.Report(1);
        });

        var rows = new List<SweepRow>(options.Users.Count * taus * np);
        var outcomes = new RunOutcome[cells.Length];
        long unserved = 0;
        for (int a = 0; a < options.Users.Count; a++)
            for (int t = 0; t < taus; t++)
                for (int p = 0; p < np; p++)
                {
                    double acc = 0, total = 0, local = 0, comm = 0, edge = 0, off = 0, ms = 0;
                    for (int r = 0; r < runs; r++)
                    {
                        var c = cells[((a * runs + r) * taus + t) * np + p];
                        acc += c.Accuracy; total += c.TotalS; local += c.LocalS; comm += c.CommS; edge += c.EdgeS; off += c.Offloaded; ms += c.DecisionMs;
                        unserved += c.Unserved;
                        outcomes[rows.Count * runs + r] = new RunOutcome(options.Users[a], options.Taus[t], policies[p].Name, r, options.Seed + (ulong)r,
                            100 * c.Accuracy, 1000 * c.TotalS, 1000 * c.LocalS, 1000 * c.CommS, 1000 * c.EdgeS, c.Offloaded, c.DecisionMs, c.Unserved);
                    }
                    int n = options.Users[a];
                    rows.Add(new SweepRow(n, options.Taus[t], policies[p].Name, runs,
                        100 * acc / runs, 1000 * total / runs, 1000 * total / runs / n, 1000 * local / runs,
                        1000 * comm / runs, 1000 * edge / runs, off / runs, ms / runs));
                }
        return new SweepResult(options, rows, unserved) { Outcomes = outcomes };
    }
}
