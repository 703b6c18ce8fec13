using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Policies;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;
using EdgeMargin.Serving.Config;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Serving.Tests;

/// <summary>Concurrent devices are decided together, and what each is told is GOA's assignment of its epoch.</summary>
public sealed class EpochConsistencyTests
{
    private const int Devices = 24;

    [Fact]
    public async Task Concurrent_devices_get_one_consistent_goa_assignment_per_epoch()
    {
        // A batch of exactly the device count, on a clock that does not move: the epoch closes when all have arrived.
        var options = TestGateway.Servers(3) with { EpochWindowMs = 3000, MaxBatchSize = Devices, Tau = 0.6 };
        await using var gateway = await TestGateway.StartAsync(options);
        var p = SystemParameters.Default;
        var servers = options.ToEdgeServers();
        var requests = MakeRequests(p, servers);

        var responses = await Task.WhenAll(requests.Select(async r =>
        {
            using var response = await gateway.Http.PostAsJsonAsync("/v1/offload/decide", r.Body);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            return (Request: r, Answer: JsonNode.Parse(text)!);
        }));

        var byEpoch = responses.GroupBy(x => x.Answer["epochId"]!.GetValue<long>()).ToArray();
        Assert.Equal(Devices, byEpoch.Sum(g => g.Count()));
        Assert.Single(byEpoch);
        int offloaded = 0, local = 0;
        foreach (var epoch in byEpoch)
        {
            var view = JsonNode.Parse(await gateway.Http.GetStringAsync($"/v1/epochs/{epoch.Key}"))!;
            var order = view["users"]!.AsArray().Select(u => u!["deviceId"]!.GetValue<string>()).ToArray();
            // Every device of this epoch appears exactly once in the epoch's record, and nobody else does.
            Assert.Equal(epoch.Select(x => x.Request.DeviceId).OrderBy(x => x), order.OrderBy(x => x));
            foreach (var x in epoch) Assert.Equal(order.Length, x.Answer["epochSize"]!.GetValue<int>());

            // Rebuild the scenario from what the devices themselves sent (not from the gateway's copy) and rerun GOA.
            var mine = order.Select(id => requests.Single(r => r.DeviceId == id)).ToArray();
            var scenario = Scenario.Create(p, mine.Select(r => r.Demand).ToArray(), servers, mine.SelectMany(r => r.Gains).ToArray());
            var expected = new GoaPolicy().Decide(scenario, new PolicyContext(options.Tau));
            var outcome = OutcomeEvaluator.Evaluate(scenario, expected);
            for (int i = 0; i < mine.Length; i++)
            {
                var answer = epoch.Single(x => x.Request.DeviceId == order[i]).Answer;
                int j = expected[i];
                Assert.Equal(j == Assignment.Local ? "local" : "offload", answer["decision"]!.GetValue<string>());
                Assert.Equal(j == Assignment.Local ? null : servers[j].Id, answer["serverId"]?.GetValue<string>());
                Assert.Equal(j, view["users"]![i]!["serverIndex"]!.GetValue<int>());
                Assert.Equal(outcome.Users[i].DelayS * 1000, answer["predictedDelayMs"]!.GetValue<double>(), 9);
                Assert.Equal(scenario.Uncertainty[i], answer["uncertainty"]!.GetValue<double>(), 12);
                if (j == Assignment.Local) local++; else offloaded++;
            }
        }
        // The devices were drawn so that both kinds of decision occur; a gateway answering one kind only would fail here.
        Assert.True(offloaded > 0 && local > 0, $"offloaded {offloaded}, local {local}");
    }

    [Fact]
    public async Task A_top_k_list_is_turned_into_the_margin_uncertainty()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 0 });
        var topK = new[] { new TokenProbability(" Kitchen", 0.40), new TokenProbability("kitchen", 0.10), new TokenProbability("garden", 0.30), new TokenProbability("", 0.05) };
        var answer = await gateway.DecideOkAsync(new
        {
            deviceId = "phone",
            topK = topK.Select(t => new { token = t.Token, probability = t.Probability }),
            payloadBytes = 100,
            localComputeS = 0.1,
            snrDb = new[] { 20.0, 10.0 },
        });
        double expected = MarginSignal.Instance.Compute(TopKDistribution.FromTokens(topK));
        Assert.Equal(expected, answer["uncertainty"]!.GetValue<double>(), 12);
        // 0.5 and 0.3 renormalised over 0.8: u = 1 - (0.625 - 0.375) = 0.75.
        Assert.Equal(0.75, expected, 12);
    }

    [Fact]
    public async Task The_configured_signal_turns_a_top_k_list_into_u()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 0, Signal = "max-prob" });
        var answer = await gateway.DecideOkAsync(new
        {
            deviceId = "phone",
            topK = new[] { new { token = " Kitchen", probability = 0.40 }, new { token = "kitchen", probability = 0.10 }, new { token = "garden", probability = 0.30 } },
            payloadBytes = 100,
            localComputeS = 0.1,
            snrDb = new[] { 20.0, 10.0 },
        });
        // max-prob reads the model's own merged p1 (0.4 + 0.1), not the renormalised one: u = 1 - 0.5.
        Assert.Equal(0.5, answer["uncertainty"]!.GetValue<double>(), 12);

        var problems = (TestGateway.Servers(2) with { Signal = "mean-logprob" }).Validate();
        Assert.Contains(problems, p => p.StartsWith("signal:", StringComparison.Ordinal) && p.Contains("log-probabilities"));
        problems = (TestGateway.Servers(2) with { Signal = "vibes" }).Validate();
        Assert.Contains(problems, p => p.StartsWith("signal:", StringComparison.Ordinal) && p.Contains("Valid signals: margin"));
    }

    private sealed record DeviceRequest(string DeviceId, object Body, UserDemand Demand, double[] Gains);

    /// <summary>
    /// Devices of three kinds: very uncertain (forced offload), confident with good channels and slow local models
    /// (offloaded in phase 2), and confident with dead-slow uplinks and fast local models (kept local). Half report
    /// SNR in dB, half |h|^2, so both conversions are checked against the test's own arithmetic.
    /// </summary>
    private static DeviceRequest[] MakeRequests(SystemParameters p, IReadOnlyList<EdgeServer> servers)
    {
        var random = new SeededRandom(2026);
        int m = servers.Count;
        var result = new DeviceRequest[Devices];
        for (int i = 0; i < Devices; i++)
        {
            int kind = i % 3;
            double u = kind == 0 ? random.Uniform(0.7, 1.0) : random.Uniform(0.05, 0.5);
            double local = kind == 2 ? random.Uniform(0.001, 0.005) : random.Uniform(0.2, 0.6);
            double payload = Math.Round(random.Uniform(100, 3000));
            var gains = new double[m];
            var snr = new double[m];
            for (int j = 0; j < m; j++)
            {
                snr[j] = kind == 2 ? random.Uniform(-40, -30) : random.Uniform(5, 40);
                // The device-side meaning of SNR: P |h|^2 / (N0 B_j), with no interference.
                gains[j] = Math.Pow(10, snr[j] / 10) * p.Physical.NoiseDensityWPerHz * servers[j].BandwidthHz / p.Physical.TransmitPowerW;
            }
            string id = $"dev-{i:00}";
            bool useSnr = i % 2 == 0;
            object body = useSnr
                ? new { deviceId = id, uncertainty = u, payloadBytes = payload, localComputeS = local, snrDb = snr }
                : new { deviceId = id, uncertainty = u, payloadBytes = payload, localComputeS = local, channelGains = gains };
            var demand = new UserDemand { Id = id, Uncertainty = u, PayloadBytes = payload, LocalDelayS = local, DeviceCapacityFlops = p.Physical.LocalCapacityFlops };
            result[i] = new DeviceRequest(id, body, demand, gains);
        }
        return result;
    }
}
