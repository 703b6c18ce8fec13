using System.Diagnostics;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Cli.Bench;

/// <summary>Epochs and timing shared by the bench subcommands, so every number comes from the same kind of scenario.</summary>
internal static class BenchScenarios
{
    /// <summary>Stream of the run seed the benchmark's backlogs are drawn from (a stream of its own, so the epochs are unchanged).</summary>
    public const ulong BacklogStream = 0xBAC1_0600;

    /// <summary>One synthetic epoch with <paramref name="servers"/> servers on a grid, as <c>simulate</c> draws them; with
    /// <paramref name="backlog"/>, each server also carries 0-7 jobs in service and a wait of U(0, 50 ms).</summary>
    public static Scenario Generate(int users, int servers, ulong seed, ModelMode mode = ModelMode.Default, bool backlog = false)
    {
        var p = SystemParameters.Default with { Mode = mode };
        var s = ScenarioGenerator.Generate(p, ServerLayout.Grid(servers, p.Generator.AreaSideM), users, new SyntheticWorkload(), MarginSignal.Instance, seed);
        if (!backlog) return s;
        var rng = SeededRandom.ForStream(seed, BacklogStream);
        var load = new ServerLoad[servers];
        for (int j = 0; j < servers; j++) load[j] = new ServerLoad(rng.NextInt(8), rng.Uniform(0, 0.05));
        return s.WithLoad(load);
    }

    /// <summary>Wall-clock milliseconds of one call, after a collection so earlier garbage is not billed to it.</summary>
    public static double TimeMs<T>(Func<T> work, out T result)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long start = Stopwatch.GetTimestamp();
        result = work();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>
    /// Runs <paramref name="work"/> often enough for the tiered JIT to promote the hot methods to optimised code, then
    /// waits for the background compiler, so the first timed run does not measure unoptimised code.
    /// </summary>
    public static void WarmUp(Action work)
    {
        // Call counting starts only after a quiet period and promotion happens on a background thread, so calls are
        // spread over several rounds with pauses rather than made in one burst.
        for (int round = 0; round < 5; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int k = 0; k < 40 && Stopwatch.GetElapsedTime(start).TotalMilliseconds < 400; k++) work();
            Thread.Sleep(120);
        }
        work();
    }

    /// <summary>GOA's decision on <paramref name="scenario"/> with <paramref name="engine"/>, seeing its backlog when it has one.</summary>
    public static Assignment Goa(Scenario scenario, double tau, IGreedyEngine engine)
        => new GoaPolicy().Decide(scenario, new PolicyContext(tau) { Engine = engine, BacklogAware = scenario.HasBacklog });

    /// <summary>
    /// Times GOA on one epoch with the fast engine and then, when <paramref name="withReference"/>, the direct one (each call
    /// timed alone after a collection; the fast one first, so it meets the epoch new, as a scheduler would), adding each
    /// time to its list. Returns whether the two decisions were identical (true when the reference was skipped).
    /// </summary>
    public static bool TimeFastAndReference(Scenario scenario, double tau, bool withReference, List<double> fastMs, List<double> referenceMs,
        CancellationToken ct)
    {
        fastMs.Add(TimeMs(() => Goa(scenario, tau, FastGreedyEngine.Instance), out var fast));
        if (!withReference) return true;
        ct.ThrowIfCancellationRequested();
        referenceMs.Add(TimeMs(() => Goa(scenario, tau, DirectGreedyEngine.Instance), out var reference));
        return Identical(reference, fast);
    }

    /// <summary>True when two greedy results agree on every server, the placement order and the unserved count.</summary>
    public static bool Identical(Assignment a, Assignment b)
        => a.ServerOfUser.SequenceEqual(b.ServerOfUser) && a.PlacementOrder.SequenceEqual(b.PlacementOrder) && a.UnservedForced == b.UnservedForced;

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int k = sorted.Length;
        return k == 0 ? double.NaN : k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }
}
