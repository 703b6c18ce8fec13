using System.Net;
using System.Net.Http.Json;

namespace EdgeMargin.Serving.Tests;

/// <summary>Past its pending capacity the gateway answers 503 with Retry-After at once, and serves again afterwards.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public async Task Requests_past_capacity_get_503_with_retry_after_and_the_rest_are_decided()
    {
        // The fake clock keeps the first three requests inside one open epoch, so the gateway stays full while more arrive.
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 4000, MaxBatchSize = 100, MaxPendingRequests = 3 });
        var admitted = Enumerable.Range(0, 3).Select(i => gateway.Http.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest($"d{i}"))).ToArray();
        await gateway.Gateway.WhenAcceptedAsync(3).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(3, gateway.Gateway.Metrics.Pending);

        var refused = await Task.WhenAll(Enumerable.Range(3, 7).Select(i => gateway.Http.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest($"d{i}"))));
        foreach (var r in refused)
        {
            using (r)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
                Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After missing");
                var problem = await TestGateway.ProblemAsync(r);
                Assert.Contains("3 requests", problem["detail"]!.GetValue<string>());
            }
        }
        Assert.Equal(7, gateway.Gateway.Metrics.Rejections.Get("overloaded"));

        // The admitted three are decided together when their epoch closes, and not before.
        Assert.DoesNotContain(admitted, t => t.IsCompleted);
        gateway.Clock!.Advance(TimeSpan.FromMilliseconds(3999));
        Assert.Equal(3, gateway.Gateway.Metrics.Pending);
        await gateway.CloseWindowAsync(3);
        foreach (var task in admitted)
        {
            using var ok = await task;
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(3, (await ok.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["epochSize"]!.GetValue<int>());
        }
        // Capacity is released once the epoch is decided: the gateway serves again.
        var again = gateway.DecideOkAsync(TestGateway.ValidRequest("after"));
        await gateway.CloseWindowAsync(4);
        Assert.Equal(1, (await again)["epochSize"]!.GetValue<int>());
        Assert.Equal(0, gateway.Gateway.Metrics.Pending);
    }
}
