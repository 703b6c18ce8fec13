using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Load;

namespace EdgeMargin.Serving.Tests;

/// <summary>Config validation and the bounded load generator against the real gateway.</summary>
public sealed class ConfigAndLoadTests
{
    [Fact]
    public void A_config_with_several_mistakes_lists_each_with_its_field()
    {
        string json = """
        {
          "servers": [ { "id": "a", "baseUrl": "http://10.1.2.3:8000/v1" }, { "id": "a", "capacityFlops": -1 }, { "id": "c", "baseUrl": "ftp://x" } ],
          "tau": 2, "epochWindowMs": -1, "maxBatchSize": 0, "engine": "turbo"
        }
        """;
        var ex = Assert.Throws<GatewayConfigException>(() => GatewayConfig.Parse(json, "test.json"));
        string all = string.Join("\n", ex.Problems);
        foreach (string field in new[] { "servers[0].baseUrl", "servers[1].id", "servers[1].capacityFlops", "servers[2].baseUrl", "tau", "epochWindowMs", "maxBatchSize", "engine" })
            Assert.Contains(field, all);
        Assert.Contains("test.json", ex.Message);
    }

    [Fact]
    public void Unknown_fields_and_broken_json_are_config_errors()
    {
        var typo = Assert.Throws<GatewayConfigException>(() => GatewayConfig.Parse("""{ "servers": [ { "id": "a" } ], "epochWindow": 5 }"""));
        Assert.Contains("epochWindow", typo.Message);
        var broken = Assert.Throws<GatewayConfigException>(() => GatewayConfig.Parse("""{ "servers": [ """));
        Assert.Contains("line", broken.Message);
        var missing = Assert.Throws<GatewayConfigException>(() => GatewayConfig.Load("/nonexistent/gateway.json"));
        Assert.Contains("does not exist", missing.Message);
    }

    [Fact]
    public void A_valid_config_is_read_and_server_fields_left_out_take_the_configured_parameters()
    {
        // The parameters differ from the paper's, so a server field filled from a hard-coded default would show.
        var options = GatewayConfig.Parse("""
        { "servers": [ { "id": "big", "capacityFlops": 3e16, "baseUrl": "http://127.0.0.1:8080/v1" }, { "id": "small", "bandwidthHz": 5e7 } ],
          "epochWindowMs": 10, "tau": 0.7,
          "parameters": { "mode": "reference", "physical": { "bandwidthHz": 4e7 }, "generator": { "edgeCapacityMultiplier": 3 } } }
        """);
        var servers = options.ToEdgeServers();
        Assert.Equal(["big", "small"], servers.Select(s => s.Id));
        Assert.Equal(3e16, servers[0].CapacityFlops);
        Assert.Equal(4e7, servers[0].BandwidthHz);
        Assert.Equal(5e7, servers[1].BandwidthHz);
        Assert.Equal(3 * options.EffectiveParameters.Physical.EdgeUserCapFlops, servers[1].CapacityFlops);
        Assert.Equal(EdgeMargin.Scenarios.ModelMode.Reference, options.EffectiveParameters.Mode);
        Assert.Equal(0.7, options.Tau);
    }

    [Fact]
    public void Gateway_parameters_read_alike_in_the_nested_and_the_older_flat_form()
    {
        var flat = GatewayConfig.Parse("""{ "servers": [ { "id": "a" } ], "parameters": { "bandwidthHz": 5e7, "edgeCapacityMultiplier": 4, "mode": "reference" } }""");
        var nested = GatewayConfig.Parse("""{ "servers": [ { "id": "a" } ], "parameters": { "mode": "reference", "physical": { "bandwidthHz": 5e7 }, "generator": { "edgeCapacityMultiplier": 4 } } }""");
        Assert.Equal(flat.EffectiveParameters, nested.EffectiveParameters);
        Assert.Equal(5e7, nested.ToEdgeServers()[0].BandwidthHz);
        Assert.Equal(4 * 1513e12, nested.ToEdgeServers()[0].CapacityFlops);
        var bad = Assert.Throws<GatewayConfigException>(() => GatewayConfig.Parse("""{ "servers": [ { "id": "a" } ], "parameters": { "physical": { "transmitPowerW": 0 } } }"""));
        Assert.Contains("parameters.physical.transmitPowerW must be a finite number > 0", bad.Message);
    }

    [Fact]
    public async Task The_load_generator_refuses_non_loopback_targets_and_unbounded_runs()
    {
        var remote = new LoadTestOptions { Url = new Uri("http://192.0.2.10:5080") };
        Assert.Contains(remote.Validate(), p => p.Contains("loopback"));
        var huge = new LoadTestOptions { Url = new Uri("http://127.0.0.1:5080"), Users = 100_000, DurationS = 1e6, Rate = 0 };
        Assert.Equal(3, huge.Validate().Count);
        await Assert.ThrowsAsync<ArgumentException>(() => LoadGenerator.RunAsync(remote));
    }

    [Fact]
    public async Task A_short_load_run_accounts_for_every_request()
    {
        // Real time on purpose: the load generator paces real requests over a real second, and the windows close on real time.
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(4) with { EpochWindowMs = 2 }, realTime: true);
        var report = await LoadGenerator.RunAsync(new LoadTestOptions { Url = gateway.BaseAddress, Users = 8, Rate = 400, DurationS = 1, DecideDeadline = TimeSpan.FromSeconds(10) });
        Assert.True(report.Decided > 0);
        Assert.Equal(report.Sent, report.Decided + report.Fallbacks);
        Assert.Equal(0, report.Errors);
        Assert.Equal(report.Decided, report.Local + report.Offload);
        Assert.True(report.Sent <= 400);
        Assert.True(report.LatencyP50Ms <= report.LatencyP99Ms && report.LatencyP99Ms <= report.LatencyMaxMs);
        Assert.Equal(report.Decided, gateway.Gateway.Metrics.Decisions.Get("local") + gateway.Gateway.Metrics.Decisions.Get("offload"));
    }

    [Fact]
    public void Percentile_is_nearest_rank()
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal(5, LoadGenerator.Percentile(sorted, 0.5));
        Assert.Equal(10, LoadGenerator.Percentile(sorted, 0.99));
        Assert.True(double.IsNaN(LoadGenerator.Percentile([], 0.5)));
    }
}
