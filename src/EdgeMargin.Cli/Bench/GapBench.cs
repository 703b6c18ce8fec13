using System.Diagnostics;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Optimal;
using EdgeMargin.Offloading.Policies;

namespace EdgeMargin.Cli.Bench;

/// <summary>GOA against the exact optimum at one user count.</summary>
/// <param name="Users">N.</param>
/// <param name="Servers">M.</param>
/// <param name="Scenarios">Epochs measured.</param>
/// <param name="MeanGap">Mean of (GOA - optimum) / |optimum| over the epochs.</param>
/// <param name="WorstGap">Largest relative gap.</param>
/// <param name="OptimalShare">Fraction of epochs where GOA's objective is within a relative 1e-9 of the optimum.</param>
/// <param name="OptimalMs">Mean time of the exact search per epoch, milliseconds.</param>
internal sealed record GapRow(int Users, int Servers, int Scenarios, double MeanGap, double WorstGap, double OptimalShare, double OptimalMs);

/// <summary>Measures GOA's optimality gap on seeded synthetic epochs (the objective GOA approximates, weighted by u).</summary>
internal static class GapBench
{
    public static GapRow Run(int users, int servers, int scenarios, ulong seed, double tau, CancellationToken ct)
    {
        double sum = 0, worst = 0, searchMs = 0;
        int optimal = 0;
        var goa = new GoaPolicy();
        var exact = new OptimalPolicy();
        for (int r = 0; r < scenarios; r++)
        {
            ct.ThrowIfCancellationRequested();
            var s = BenchScenarios.Generate(users, servers, seed + (ulong)r);
            var context = new PolicyContext(tau, seed + (ulong)r);
            double g = PaperObjective.Evaluate(s, goa.Decide(s, context).ServerOfUser);
            long start = Stopwatch.GetTimestamp();
            double o = PaperObjective.Evaluate(s, exact.Decide(s, context).ServerOfUser);
            searchMs += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            double gap = Relative(g, o);
            sum += gap;
            worst = Math.Max(worst, gap);
            if (gap <= 1e-9) optimal++;
        }
        return new GapRow(users, servers, scenarios, sum / scenarios, worst, (double)optimal / scenarios, searchMs / scenarios);
    }

    /// <summary>(goa - optimum) / |optimum|; 0 when both are equal (including both 0).</summary>
    public static double Relative(double goa, double optimum)
    {
        if (goa == optimum) return 0;
        double rel = (goa - optimum) / Math.Abs(optimum);
        return double.IsFinite(rel) ? Math.Max(0, rel) : double.PositiveInfinity;
    }
}
