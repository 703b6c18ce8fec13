using EdgeMargin.DiscreteEvents;
using static EdgeMargin.Tests.DiscreteEvents.SingleQueueRun;

namespace EdgeMargin.Tests.DiscreteEvents;

/// <summary>
/// The event core and its shared-server queue against queueing theory's closed forms, at load rho = 0.5 with mean work
/// 1 on capacity 1. Tolerance 2 % everywhere. Run lengths were chosen from the spread of the estimate over 20 seeds
/// (measured once, Debug build): at 200 000 jobs the relative standard deviation of the mean sojourn was 0.8 % for
/// M/M/1 (FCFS and PS alike) and 0.3-0.4 % for deterministic or uniform work, so the exponential cases run 500 000
/// jobs (about 0.5 %, 2 % is 4 sigma) and the others 200 000 (2 % is 5 sigma). Each run takes a fraction of a second.
/// </summary>
public class QueueingTheoryTests
{
    private const double Lambda = 0.5;
    private const int WarmUp = 2_000;

    [Fact]
    public void MM1_first_come_first_served_mean_sojourn_is_one_over_mu_minus_lambda()
    {
        var m = Run(new ProcessorSharingQueue(1, maxInService: 1), Lambda, r => Exponential(r, 1), 500_000, WarmUp, seed: 1);
        Assert.InRange(m.MeanSojourn / (1 / (1 - Lambda)), 0.98, 1.02);
    }

    [Fact]
    public void MM1_processor_sharing_mean_sojourn_is_one_over_mu_minus_lambda()
    {
        var m = Run(new ProcessorSharingQueue(1), Lambda, r => Exponential(r, 1), 500_000, WarmUp, seed: 2);
        Assert.InRange(m.MeanSojourn / (1 / (1 - Lambda)), 0.98, 1.02);
    }

    [Fact]
    public void MG1_first_come_first_served_matches_Pollaczek_Khinchine_for_deterministic_and_uniform_work()
    {
        // W = E[S] + lambda E[S^2] / (2 (1 - rho)); deterministic S = 1: 1.5; uniform on [0, 2]: E[S^2] = 4/3, W = 1 + 2/3.
        var deterministic = Run(new ProcessorSharingQueue(1, maxInService: 1), Lambda, _ => 1, 200_000, WarmUp, seed: 3);
        Assert.InRange(deterministic.MeanSojourn / PollaczekKhinchine(1, 1), 0.98, 1.02);
        var uniform = Run(new ProcessorSharingQueue(1, maxInService: 1), Lambda, r => r.Uniform(0, 2), 200_000, WarmUp, seed: 4);
        Assert.InRange(uniform.MeanSojourn / PollaczekKhinchine(1, 4.0 / 3), 0.98, 1.02);
    }

    [Fact]
    public void MG1_processor_sharing_is_insensitive_to_the_work_distribution()
    {
        // PS: W = E[S] / (1 - rho) = 2 for any work distribution with mean 1, where FCFS with S = 1 gives 1.5: the test
        // tells the two disciplines apart, which M/M/1 alone cannot.
        var m = Run(new ProcessorSharingQueue(1), Lambda, _ => 1, 200_000, WarmUp, seed: 5);
        Assert.InRange(m.MeanSojourn / 2, 0.98, 1.02);
    }

    [Fact]
    public void Under_processor_sharing_every_job_size_sees_the_same_slowdown()
    {
        // E[T | S = x] = x / (1 - rho) for every x. Work 0.25 with probability 0.8 or 4 with probability 0.2 (mean 1):
        // both sizes are slowed by 2. Under FCFS small jobs would wait as long as large ones.
        var m = Run(new ProcessorSharingQueue(1), Lambda, r => r.Bernoulli(0.8) ? 0.25 : 4, 500_000, WarmUp, seed: 6, 0.25, 4);
        Assert.InRange(m.MeanSojournBySize[0] / 0.25 / 2, 0.98, 1.02);
        Assert.InRange(m.MeanSojournBySize[1] / 4 / 2, 0.98, 1.02);
    }

    [Fact]
    public void A_per_job_cap_of_a_kth_of_capacity_behaves_as_k_servers_and_matches_Erlang_C()
    {
        // Rate min(C/k, C/n) per job: with exponential work the number in system is the M/M/k birth-death chain.
        // k = 3, each "server" at 1/3, lambda 0.5: offered load a = 1.5, rho = 0.5.
        double expected = ErlangCSojourn(Lambda, 1.0 / 3, 3);
        var capped = Run(new ProcessorSharingQueue(1, perJobCap: 1.0 / 3), Lambda, r => Exponential(r, 1), 500_000, WarmUp, seed: 7);
        Assert.InRange(capped.MeanSojourn / expected, 0.98, 1.02);
        // The same queue as three FCFS servers (at most three in service, each at a third).
        var servers = Run(new ProcessorSharingQueue(1, perJobCap: 1.0 / 3, maxInService: 3), Lambda, r => Exponential(r, 1), 500_000, WarmUp, seed: 8);
        Assert.InRange(servers.MeanSojourn / expected, 0.98, 1.02);
    }

    [Fact]
    public void Littles_law_holds_on_the_runs_own_output()
    {
        // L = lambda W from the run's own time average, arrival count and sojourns (no theory involved): within 1 %.
        var m = Run(new ProcessorSharingQueue(1), Lambda, r => Exponential(r, 1), 200_000, WarmUp, seed: 9);
        Assert.InRange(m.MeanInSystem / (m.ArrivalRate * m.MeanSojourn), 0.99, 1.01);
        var f = Run(new ProcessorSharingQueue(1, maxInService: 1), Lambda, r => r.Uniform(0, 2), 200_000, WarmUp, seed: 10);
        Assert.InRange(f.MeanInSystem / (f.ArrivalRate * f.MeanSojourn), 0.99, 1.01);
    }

    private static double PollaczekKhinchine(double meanWork, double secondMoment)
        => meanWork + Lambda * secondMoment / (2 * (1 - Lambda * meanWork));

    /// <summary>Mean sojourn in M/M/k with arrival rate lambda and per-server rate mu (Erlang's C formula).</summary>
    private static double ErlangCSojourn(double lambda, double mu, int k)
    {
        double a = lambda / mu, rho = a / k, term = 1, sum = 0;
        for (int i = 0; i < k; i++)
        {
            sum += term;
            term *= a / (i + 1);
        }
        double last = term / (1 - rho); // a^k / k! / (1 - rho)
        double waitProbability = last / (sum + last);
        return waitProbability / (k * mu - lambda) + 1 / mu;
    }
}
