using CsCheck;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests.Offloading;

/// <summary>Properties of GOA on random epochs, checked by replaying its placements against the gaps of each moment.</summary>
public class GreedyPropertyTests
{
    private static readonly Gen<(int N, int M, double Tau, ulong Seed)> Epochs =
        Gen.Select(Gen.Int[1, 30], Gen.Int[1, 5], Gen.Double[0, 1], Gen.ULong);

    [Fact]
    public void Every_user_above_tau_is_offloaded_when_some_server_can_serve_it()
    {
        Epochs.Sample((n, m, tau, seed) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau);
            var a = new GoaPolicy().Decide(s, new PolicyContext(tau));
            for (int i = 0; i < n; i++)
            {
                if (!(s.Uncertainty[i] > tau)) continue;
                bool servable = Enumerable.Range(0, m).Any(j => s.ChannelGain(i, j) > 0 || s.PayloadBits[i] == 0);
                Assert.Equal(servable, a[i] != Assignment.Local);
            }
        }, iter: 300);
    }

    [Fact]
    public void Assignments_are_valid_one_server_at_most_per_user()
    {
        Epochs.Sample((n, m, tau, seed) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau);
            foreach (var policy in PolicyCatalog.Paper)
            {
                var a = policy.Decide(s, new PolicyContext(tau, seed));
                Assert.Equal(n, a.UserCount);
                Assert.True(a.IsValidFor(m), policy.Name);
            }
        }, iter: 60);
    }

    [Fact]
    public void Replaying_goa_every_step_was_the_smallest_gap_and_no_user_at_or_below_tau_was_offloaded_at_a_loss()
    {
        Epochs.Sample((n, m, tau, seed) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau);
            var a = new GoaPolicy().Decide(s, new PolicyContext(tau));
            var serverOf = Enumerable.Repeat(Assignment.Local, n).ToArray();
            var counts = new int[m];
            var interference = new double[m];
            bool forcedPhase = true;
            foreach (int user in a.PlacementOrder)
            {
                bool forced = s.Uncertainty[user] > tau;
                if (!forced) forcedPhase = false;
                Assert.False(forced && !forcedPhase, "a forced user was placed after phase 2 began");
                int server = a[user];
                double gap = DelayModel.Gap(s, user, server, counts[server] + 1, interference[server], weighted: true);
                if (!forced) Assert.True(gap < 0, $"user {user} (u = {s.Uncertainty[user]} <= tau = {tau}) was offloaded with gap {gap} >= 0");
                // No other candidate of the same phase had a strictly smaller gap at this moment.
                for (int i = 0; i < n; i++)
                {
                    if (serverOf[i] != Assignment.Local || (s.Uncertainty[i] > tau) != forced) continue;
                    for (int j = 0; j < m; j++)
                        Assert.False(DelayModel.Gap(s, i, j, counts[j] + 1, interference[j], true) < gap, $"pair ({i},{j}) beat the chosen ({user},{server})");
                }
                serverOf[user] = server;
                counts[server]++;
                for (int j = 0; j < m; j++) if (j != server) interference[j] += s.ReceivedPowerW[user * m + j];
            }
            // Phase 2 stopped because no remaining user at or below tau had a negative gap.
            for (int i = 0; i < n; i++)
            {
                if (serverOf[i] != Assignment.Local || s.Uncertainty[i] > tau) continue;
                for (int j = 0; j < m; j++)
                    Assert.False(DelayModel.Gap(s, i, j, counts[j] + 1, interference[j], true) < 0, $"user {i} could still gain on server {j}");
            }
        }, iter: 200);
    }

    [Fact]
    public void Edge_all_offloads_everyone_and_dmin_ignores_uncertainty()
    {
        Epochs.Sample((n, m, tau, seed) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau, deadChannels: false);
            Assert.Equal(n, new EdgeAllPolicy().Decide(s, new PolicyContext(tau)).OffloadedCount);
            // Same epoch with every u set to 1: d_min must not change its decision.
            var flat = Scenario.Create(s.Parameters, s.Users.Select(u => u with { Uncertainty = 1 }).ToArray(), s.Servers, s.ChannelGains);
            Assert.Equal(new DMinPolicy().Decide(s, new PolicyContext(tau)), new DMinPolicy().Decide(flat, new PolicyContext(tau)));
        }, iter: 100);
    }

    [Fact]
    public void Random_offloads_exactly_the_target_count_and_is_fixed_by_its_seed()
    {
        Epochs.Sample((n, m, tau, seed) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau, deadChannels: false);
            int k = (int)(seed % (ulong)(n + 1));
            var ctx = new PolicyContext(tau, seed);
            var a = new RandomPolicy(new FixedCount(k)).Decide(s, ctx);
            Assert.Equal(k, a.OffloadedCount);
            Assert.Equal(a, new RandomPolicy(new FixedCount(k)).Decide(s, ctx));
        }, iter: 100);
    }

    [Fact]
    public void Ga_respects_the_threshold_and_is_fixed_by_its_seed()
    {
        Gen.Select(Gen.Int[1, 15], Gen.Int[1, 3], Gen.Double[0, 1], Gen.ULong).Sample((n, m, tau, seed) =>
        {
            var s = RandomScenarios.Create(n, m, seed, tau, deadChannels: false);
            var ga = new GeneticPolicy(new GeneticOptions { Population = 12, Generations = 10 });
            var a = ga.Decide(s, new PolicyContext(tau, seed));
            for (int i = 0; i < n; i++) if (s.Uncertainty[i] > tau) Assert.NotEqual(Assignment.Local, a[i]);
            Assert.Equal(a, ga.Decide(s, new PolicyContext(tau, seed)));
        }, iter: 40);
    }
}
