using EdgeMargin.Serving.Client;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Serving.Tests;

/// <summary>The device client answers every query: through the edge when it can, locally (and says so) when it cannot.</summary>
public sealed class FallbackTests
{
    private static readonly TokenProbability[] Unsure = [new("kitchen", 0.35), new("garden", 0.33), new("hallway", 0.2)];
    private static readonly TokenProbability[] Sure = [new("kitchen", 0.97), new("garden", 0.01)];

    private static DeviceQuery Query(int i, TokenProbability[] topK) => new()
    {
        DeviceId = $"phone-{i}",
        Prompt = $"Mary went to the kitchen. Where is Mary? #{i}",
        TopK = topK,
        LocalComputeS = 0.3,
        ChannelGains = [1e-9],
    };

    private static Task<string> Local(DeviceQuery q, CancellationToken _) => Task.FromResult("local: " + q.Prompt);

    [Fact]
    public async Task A_backend_stopped_mid_test_leads_to_local_fallbacks_and_no_lost_query()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl) with { EpochWindowMs = 0, Tau = 0.6 });
        using var http = new HttpClient();
        var client = new EdgeMarginClient(http, new EdgeMarginClientOptions { Gateway = gateway.BaseAddress, DecideDeadline = TimeSpan.FromSeconds(10), OffloadDeadline = TimeSpan.FromSeconds(10) });
        var results = new List<QueryResult>();

        // Phase 1: backend up. Uncertain queries (u > tau) are offloaded and answered by the edge.
        var first = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.AskAsync(Query(i, Unsure), Local)));
        results.AddRange(first);
        Assert.All(first, r =>
        {
            Assert.Equal(AnswerRoute.Edge, r.Route);
            Assert.False(r.FellBack);
            Assert.StartsWith("edge: Mary went", r.Answer);
            Assert.Equal("es0", r.Decision!.ServerId);
        });
        Assert.Equal(6, backend.Requests);

        // Phase 2: the backend stops. The gateway still decides "offload", the edge route fails, the device answers itself.
        await backend.StopAsync();
        var second = await Task.WhenAll(Enumerable.Range(6, 6).Select(i => client.AskAsync(Query(i, Unsure), Local)));
        results.AddRange(second);
        Assert.All(second, r =>
        {
            Assert.Equal(AnswerRoute.Local, r.Route);
            Assert.True(r.FellBack);
            Assert.Equal("offload", r.Decision!.Decision);
            Assert.Contains("es0", r.Reason);
            Assert.StartsWith("local: Mary went", r.Answer);
        });
        Assert.True(gateway.Gateway.Metrics.BackendErrors.Get("es0") >= 6);

        // A confident query with a useless uplink is answered locally by decision, not by fallback.
        var sure = await client.AskAsync(Query(12, Sure) with { ChannelGains = [1e-25] }, Local);
        results.Add(sure);
        Assert.Equal(AnswerRoute.Local, sure.Route);
        Assert.False(sure.FellBack);

        // Phase 3: the gateway itself goes away; the device still answers.
        await gateway.Gateway.StopAsync();
        var third = await Task.WhenAll(Enumerable.Range(13, 3).Select(i => client.AskAsync(Query(i, Unsure), Local)));
        results.AddRange(third);
        Assert.All(third, r =>
        {
            Assert.True(r.FellBack);
            Assert.Null(r.Decision);
            Assert.Contains("gateway", r.Reason);
        });

        // No query lost: one answer per query, each naming its own prompt.
        Assert.Equal(16, results.Count);
        for (int i = 0; i < results.Count; i++) Assert.EndsWith($"#{i}", results[i].Answer);
    }

    [Fact]
    public async Task A_slow_backend_and_a_backend_error_fall_back_with_the_reason()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl) with { EpochWindowMs = 0 });
        using var http = new HttpClient();
        var client = new EdgeMarginClient(http, new EdgeMarginClientOptions { Gateway = gateway.BaseAddress, DecideDeadline = TimeSpan.FromSeconds(10), OffloadDeadline = TimeSpan.FromSeconds(1) });

        backend.Stall = TimeSpan.FromSeconds(30);
        var slow = await client.AskAsync(Query(0, Unsure), Local);
        Assert.True(slow.FellBack);
        Assert.Equal(AnswerRoute.Local, slow.Route);
        Assert.Contains("within", slow.Reason);

        backend.Stall = TimeSpan.Zero;
        backend.Fail = true;
        var failed = await client.AskAsync(Query(1, Unsure), Local);
        Assert.True(failed.FellBack);
        Assert.Contains("500", failed.Reason);
        Assert.Equal("local: " + Query(1, Unsure).Prompt, failed.Answer);
    }

    [Fact]
    public async Task An_unusable_top_k_list_or_an_unknown_gateway_still_gets_a_local_answer()
    {
        using var http = new HttpClient();
        // Nothing listens on port 9 of loopback (discard); the connection is refused at once.
        var client = new EdgeMarginClient(http, new EdgeMarginClientOptions { Gateway = new Uri("http://127.0.0.1:9/"), DecideDeadline = TimeSpan.FromSeconds(5) });
        var bad = await client.AskAsync(Query(0, [new("x", double.NaN)]), Local);
        Assert.True(bad.FellBack);
        Assert.Null(bad.Uncertainty);
        Assert.Contains("top-k", bad.Reason);

        var down = await client.AskAsync(Query(1, Unsure), Local);
        Assert.True(down.FellBack);
        Assert.Equal(AnswerRoute.Local, down.Route);
        Assert.NotNull(down.Uncertainty);
        Assert.Equal("local: " + Query(1, Unsure).Prompt, down.Answer);
    }

    [Fact]
    public async Task A_gateway_slower_than_the_deadline_or_at_capacity_leads_to_local_answers()
    {
        // One pending request at most, and an epoch that stays open until the test moves the clock.
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1) with { EpochWindowMs = 5000, MaxPendingRequests = 1 });
        using var http = new HttpClient();
        // The client's deadline is real time (a real HTTP call the device gives up on); 1 s so that the 503 below,
        // which must arrive in time, fits on a loaded CI machine.
        var client = new EdgeMarginClient(http, new EdgeMarginClientOptions { Gateway = gateway.BaseAddress, DecideDeadline = TimeSpan.FromSeconds(1) });
        var slow = await client.AskAsync(Query(0, Unsure), Local);
        Assert.True(slow.FellBack);
        Assert.Contains("no decision within 1000 ms", slow.Reason);

        // The abandoned request still holds the only slot of the open epoch: the next device is refused at once.
        var refused = await client.AskAsync(Query(1, Unsure), Local);
        Assert.True(refused.FellBack);
        Assert.Contains("503", refused.Reason);
        Assert.Equal("local: " + Query(1, Unsure).Prompt, refused.Answer);
        Assert.Equal(1, gateway.Gateway.Metrics.Rejections.Get("overloaded"));

        // Once the window closes, the abandoned request is left out of its epoch and the slot is free again.
        await gateway.Gateway.WhenAbandonedAsync(1).WaitAsync(TimeSpan.FromSeconds(20));
        await gateway.CloseWindowAsync(1);
        await gateway.Gateway.WhenBatchesHandledAsync(1).WaitAsync(TimeSpan.FromSeconds(20));
        var later = client.AskAsync(Query(2, Sure) with { ChannelGains = [1e-25] }, Local);
        await gateway.CloseWindowAsync(2);
        var answered = await later;
        Assert.False(answered.FellBack, answered.Reason);
        Assert.Equal(AnswerRoute.Local, answered.Route);
        Assert.Equal(1, answered.Decision!.EpochSize);
        Assert.Equal(1, gateway.Gateway.Metrics.Rejections.Get("abandoned"));
    }

    [Fact]
    public async Task A_device_that_gave_up_is_left_out_of_its_epoch()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1) with { EpochWindowMs = 3000 });
        // The impatient device's request is queued in the open epoch, then the device stops waiting.
        using var impatient = new CancellationTokenSource();
        var abandoned = gateway.Http.PostAsync("/v1/offload/decide", System.Net.Http.Json.JsonContent.Create(TestGateway.ValidRequest("impatient", servers: 1)), impatient.Token);
        await gateway.Gateway.WhenAcceptedAsync(1).WaitAsync(TimeSpan.FromSeconds(20));
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        // The gateway learns of it from the connection, asynchronously: wait for that, not for a time.
        await gateway.Gateway.WhenAbandonedAsync(1).WaitAsync(TimeSpan.FromSeconds(20));

        // A patient device joins the same open epoch and is decided alone when the window closes.
        var patient = gateway.DecideOkAsync(new { deviceId = "patient", uncertainty = 0.9, payloadBytes = 100, localComputeS = 0.3, channelGains = new[] { 1e-9 } });
        await gateway.CloseWindowAsync(2);
        var answer = await patient;
        var epoch = System.Text.Json.Nodes.JsonNode.Parse(await gateway.Http.GetStringAsync($"/v1/epochs/{answer["epochId"]}"))!;
        Assert.Equal("patient", epoch["users"]!.AsArray().Single()!["deviceId"]!.GetValue<string>());
        Assert.Equal(1, answer["epochSize"]!.GetValue<int>());
        Assert.Equal(1, gateway.Gateway.Metrics.Rejections.Get("abandoned"));
    }
}
