using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EdgeMargin.Serving.Tests;

/// <summary>Servers can be taken out of the decisions while the gateway runs, and put back.</summary>
public sealed class ServerAvailabilityTests
{
    /// <summary>Forced to offload (u = 0.95 &gt; tau), with a far better channel to es1 than to the others.</summary>
    private static object Device(int i) => new
    {
        deviceId = $"d{i}",
        uncertainty = 0.95,
        payloadBytes = 400,
        localComputeS = 0.2,
        channelGains = new[] { 1e-13, 1e-8, 1e-13 },
    };

    private static async Task<JsonNode[]> DecideEpochAsync(TestGateway gateway, int first, int count)
    {
        var answers = Enumerable.Range(first, count).Select(i => gateway.DecideOkAsync(Device(i))).ToArray();
        return await Task.WhenAll(answers);
    }

    [Fact]
    public async Task An_epoch_decided_while_a_server_is_unavailable_places_nobody_on_it()
    {
        const int devices = 6;
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(3) with { EpochWindowMs = 1000, MaxBatchSize = devices });

        // Available: every device goes to es1, the only good channel (this is what makes the test able to fail).
        var before = await DecideEpochAsync(gateway, 0, devices);
        Assert.All(before, a => Assert.Equal("es1", a["serverId"]?.GetValue<string>()));

        Assert.True(gateway.Gateway.Servers.MarkUnavailable("es1"));
        Assert.False(gateway.Gateway.Servers.MarkUnavailable("es1"));
        var during = await DecideEpochAsync(gateway, devices, devices);
        Assert.All(during, a =>
        {
            Assert.Equal("offload", a["decision"]!.GetValue<string>());
            Assert.NotEqual("es1", a["serverId"]?.GetValue<string>());
        });
        var epoch = JsonNode.Parse(await gateway.Http.GetStringAsync($"/v1/epochs/{during[0]["epochId"]}"))!;
        Assert.Equal(["es0", "es2"], epoch["servers"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal(["es1"], epoch["unavailableServers"]!.AsArray().Select(s => s!.GetValue<string>()));
        // The epoch's record holds the gains to the servers it was decided over, so it can be replayed as is.
        Assert.All(epoch["users"]!.AsArray(), u => Assert.Equal([1e-13, 1e-13], u!["channelGains"]!.AsArray().Select(g => g!.GetValue<double>())));
        using (var health = await gateway.Http.GetAsync("/healthz"))
            Assert.Equal(2, JsonNode.Parse(await health.Content.ReadAsStringAsync())!["available"]!.GetValue<int>());

        // A prompt for the unavailable server is refused, so a device decided earlier answers locally instead.
        using var prompt = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "m", messages = new[] { new { role = "user", content = "x" } } }),
        };
        prompt.Headers.Add("X-EdgeMargin-Server", "es1");
        using (var refused = await gateway.Http.SendAsync(prompt))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("es1", (await TestGateway.ProblemAsync(refused))["detail"]!.GetValue<string>());
        }

        Assert.True(gateway.Gateway.Servers.MarkAvailable("es1"));
        var after = await DecideEpochAsync(gateway, 2 * devices, devices);
        Assert.All(after, a => Assert.Equal("es1", a["serverId"]?.GetValue<string>()));
    }

    [Fact]
    public async Task With_every_server_unavailable_devices_answer_locally_and_forced_ones_count_as_unserved()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 0 });
        gateway.Gateway.Servers.MarkUnavailable("es0");
        gateway.Gateway.Servers.MarkUnavailable("es1");
        var answer = await gateway.DecideOkAsync(TestGateway.ValidRequest("alone", u: 0.9));
        Assert.Equal("local", answer["decision"]!.GetValue<string>());
        Assert.Equal(200, answer["predictedDelayMs"]!.GetValue<double>(), 9);
        var epoch = JsonNode.Parse(await gateway.Http.GetStringAsync($"/v1/epochs/{answer["epochId"]}"))!;
        Assert.Empty(epoch["servers"]!.AsArray());
        Assert.Equal(1, epoch["unservedForced"]!.GetValue<int>());
    }

    [Fact]
    public void Unknown_server_ids_are_refused_with_the_configured_ones()
    {
        var set = new Decisions.ServerSet(TestGateway.Servers(2).ToEdgeServers());
        var ex = Assert.Throws<ArgumentException>(() => set.MarkUnavailable("es9"));
        Assert.Contains("es0, es1", ex.Message);
        Assert.True(set.IsAvailable("es0"));
    }
}
