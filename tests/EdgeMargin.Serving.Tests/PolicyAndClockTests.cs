using System.Text.Json.Nodes;
using EdgeMargin.Serving.Config;

namespace EdgeMargin.Serving.Tests;

/// <summary>The policy is a config choice made by catalog name, and every timestamp the gateway takes is its clock's.</summary>
public sealed class PolicyAndClockTests
{
    [Fact]
    public async Task The_gateway_decides_with_goa_unless_another_policy_is_named()
    {
        await using (var goa = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 0 }))
        {
            Assert.Equal("goa", goa.Gateway.PolicyName);
            Assert.Equal("offload", (await goa.DecideOkAsync(TestGateway.ValidRequest(u: 0.9)))["decision"]!.GetValue<string>());
        }
        // local-all keeps even a device far above tau on the device: the configured policy, not GOA, decided.
        await using var local = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 0, Policy = "local-all" });
        var answer = await local.DecideOkAsync(TestGateway.ValidRequest(u: 0.9));
        Assert.Equal("local", answer["decision"]!.GetValue<string>());
        var epoch = JsonNode.Parse(await local.Http.GetStringAsync($"/v1/epochs/{answer["epochId"]}"))!;
        Assert.Equal("local-all", epoch["policy"]!.GetValue<string>());
        using var health = await local.Http.GetAsync("/healthz");
        Assert.Equal("local-all", JsonNode.Parse(await health.Content.ReadAsStringAsync())!["policy"]!.GetValue<string>());
    }

    [Fact]
    public void Unknown_policies_and_an_exact_policy_over_large_epochs_are_config_errors()
    {
        var unknown = (TestGateway.Servers(2) with { Policy = "oracle" }).Validate();
        Assert.Contains(unknown, p => p.StartsWith("policy:", StringComparison.Ordinal) && p.Contains("'oracle'") && p.Contains("goa"));
        var exact = (TestGateway.Servers(2) with { Policy = "optimal" }).Validate();
        Assert.Contains(exact, p => p.StartsWith("policy:", StringComparison.Ordinal) && p.Contains("maxBatchSize"));
        Assert.Empty((TestGateway.Servers(2) with { Policy = "optimal", MaxBatchSize = 8 }).Validate());
    }

    [Fact]
    public async Task Epoch_times_and_decision_latencies_come_from_the_gateway_clock()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 4000 });
        var start = gateway.Clock!.GetUtcNow();
        var answers = Enumerable.Range(0, 3).Select(i => gateway.DecideOkAsync(TestGateway.ValidRequest($"d{i}"))).ToArray();
        await gateway.CloseWindowAsync(3);
        var first = (await Task.WhenAll(answers))[0];
        var epoch = JsonNode.Parse(await gateway.Http.GetStringAsync($"/v1/epochs/{first["epochId"]}"))!;
        Assert.Equal(start.AddSeconds(4), epoch["decidedAt"]!.GetValue<DateTimeOffset>());
        // Three devices each waited exactly the 4 s window on the fake clock, and deciding took no fake time.
        string metrics = await gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("edgemargin_decision_latency_seconds_sum 12\n", metrics);
        Assert.Contains("edgemargin_decision_latency_seconds_bucket{le=\"1\"} 0\n", metrics);
        Assert.Contains("edgemargin_decision_latency_seconds_bucket{le=\"5\"} 3\n", metrics);
        Assert.Equal(0, epoch["decideMs"]!.GetValue<double>());
    }
}
