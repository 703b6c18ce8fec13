using EdgeMargin.DiscreteEvents;
using EdgeMargin.Sampling;

namespace EdgeMargin.Tests.DiscreteEvents;

/// <summary>
/// A single queue driven by Poisson arrivals, built only from the core's mechanism (simulator, queue, level), so the
/// queueing-theory tests check that mechanism against closed forms. Arrival and service draws use separate streams.
/// </summary>
internal static class SingleQueueRun
{
    private enum Kind : byte { Arrival, Completion }

    private readonly record struct Event(Kind Kind, int Version);

    /// <summary>What one run measured.</summary>
    /// <param name="MeanSojourn">Mean time in system of the completed jobs (after the warm-up ones).</param>
    /// <param name="Completed">Jobs that completed and were counted.</param>
    /// <param name="MeanInSystem">Time-average number in system over the measured interval (L).</param>
    /// <param name="ArrivalRate">Arrivals per unit time over the measured interval (lambda).</param>
    /// <param name="MeanSojournBySize">Mean sojourn of the jobs of each probed work size (for the PS size test).</param>
    public readonly record struct Measured(double MeanSojourn, int Completed, double MeanInSystem, double ArrivalRate, double[] MeanSojournBySize);

    /// <summary>
    /// Runs <paramref name="jobs"/> arrivals at rate <paramref name="lambda"/> into <paramref name="queue"/>, with work
    /// drawn by <paramref name="work"/>; the first <paramref name="warmUp"/> jobs are served but not counted, and the
    /// time averages start when the last of them arrives.
    /// </summary>
    public static Measured Run(ProcessorSharingQueue queue, double lambda, Func<SeededRandom, double> work, int jobs, int warmUp, ulong seed,
        params double[] probedSizes)
    {
        var sim = new Simulator<Event>();
        var streams = new RandomStreams(seed);
        var arrivals = streams.Open("arrivals");
        var service = streams.Open("service");
        var arrivedAt = new double[jobs];
        var size = new double[jobs];
        var completed = new List<int>();
        var inSystem = new TimeWeightedLevel();
        int version = 0, arrived = 0, counted = 0;
        double sum = 0, measureFrom = 0;
        var probeSum = new double[probedSizes.Length];
        var probed = new int[probedSizes.Length];
        int arrivalsMeasured = 0;

        sim.At(-Math.Log(1 - arrivals.NextDouble()) / lambda, new Event(Kind.Arrival, 0));
        while (sim.TryNext(double.PositiveInfinity, out var e))
        {
            double now = sim.Now;
            if (e.Kind == Kind.Arrival)
            {
                int job = arrived++;
                arrivedAt[job] = now;
                size[job] = work(service);
                if (job == warmUp)
                {
                    inSystem.Restart(now);
                    measureFrom = now;
                }
                if (job >= warmUp) arrivalsMeasured++;
                queue.Arrive(now, job, size[job]);
                inSystem.Add(now, 1);
                if (arrived < jobs) sim.After(-Math.Log(1 - arrivals.NextDouble()) / lambda, new Event(Kind.Arrival, 0));
            }
            else
            {
                if (e.Version != version) continue;
                completed.Clear();
                queue.CompleteDue(now, completed);
                foreach (int job in completed)
                {
                    inSystem.Add(now, -1);
                    if (job < warmUp) continue;
                    double sojourn = now - arrivedAt[job];
                    sum += sojourn;
                    counted++;
                    int p = Array.IndexOf(probedSizes, size[job]);
                    if (p >= 0) { probeSum[p] += sojourn; probed[p]++; }
                }
            }
            // One live timer: a new one whenever the job set changed, the old one ignored by its version.
            if (e.Kind == Kind.Arrival || e.Version == version)
            {
                version++;
                if (double.IsFinite(queue.NextCompletionTime)) sim.At(queue.NextCompletionTime, new Event(Kind.Completion, version));
            }
        }
        // The last arrival closes the measured interval, so L and lambda cover the same window.
        double end = arrivedAt[jobs - 1];
        var bySize = new double[probedSizes.Length];
        for (int p = 0; p < bySize.Length; p++) bySize[p] = probeSum[p] / probed[p];
        return new Measured(sum / counted, counted, inSystem.Mean(end), arrivalsMeasured / (end - measureFrom), bySize);
    }

    public static double Exponential(SeededRandom r, double mean) => -mean * Math.Log(1 - r.NextDouble());
}
