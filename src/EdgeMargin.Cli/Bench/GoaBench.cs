using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Cli.Bench;

/// <summary>What <c>bench goa</c> measured: median decision times of both engines on the same epochs.</summary>
/// <param name="Users">N.</param>
/// <param name="Servers">M.</param>
/// <param name="ReferenceMs">Median time of the direct engine, or null when it was skipped.</param>
/// <param name="FastMs">Median time of the fast engine.</param>
/// <param name="Identical">Whether every run's assignments matched exactly; null when the reference was skipped.</param>
internal sealed record GoaBenchResult(int Users, int Servers, double? ReferenceMs, double FastMs, bool? Identical)
{
    public double? Ratio => ReferenceMs is double r && FastMs > 0 ? r / FastMs : null;
}

/// <summary>Times GOA under the direct and the fast engine on the same seeded epochs, in one process.</summary>
internal static class GoaBench
{
    /// <remarks>
    /// Cancellation is checked between timed calls: a reference run can take many seconds, and the host cancels on Ctrl+C
    /// or SIGTERM and then waits for the command to return.
    /// </remarks>
    public static GoaBenchResult Run(int users, int servers, ulong seed, int runs, double tau, ModelMode mode, bool skipReference,
        CancellationToken ct = default, bool backlog = false)
    {
        ct.ThrowIfCancellationRequested();
        // Warm-up: JIT both engines and size the fast engine's per-thread buffers before anything is timed.
        var warm = BenchScenarios.Generate(Math.Min(users, 200), servers, seed, mode, backlog);
        BenchScenarios.Goa(warm, tau, FastGreedyEngine.Instance);
        BenchScenarios.Goa(warm, tau, DirectGreedyEngine.Instance);
        var first = BenchScenarios.Generate(users, servers, seed, mode, backlog);
        BenchScenarios.WarmUp(() =>
        {
            BenchScenarios.Goa(warm, tau, FastGreedyEngine.Instance);
            BenchScenarios.Goa(warm, tau, DirectGreedyEngine.Instance);
        });
        BenchScenarios.Goa(first, tau, FastGreedyEngine.Instance);

        var reference = new List<double>();
        var fast = new List<double>();
        bool identical = true;
        for (int r = 0; r < runs; r++)
        {
            ct.ThrowIfCancellationRequested();
            var scenario = r == 0 ? first : BenchScenarios.Generate(users, servers, seed + (ulong)r, mode, backlog);
            identical &= BenchScenarios.TimeFastAndReference(scenario, tau, !skipReference, fast, reference, ct);
        }
        return new GoaBenchResult(users, servers, skipReference ? null : BenchScenarios.Median(reference), BenchScenarios.Median(fast),
            skipReference ? null : identical);
    }
}
