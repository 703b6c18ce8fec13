using System.Net;
using System.Net.Http.Json;

namespace EdgeMargin.Serving.Tests;

/// <summary>Past its pending capacity the gateway answers 503 with Retry-After at once, and serves again afterwards.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public async Task Requests_past_capacity_get_503_with_retry_after_and_the_rest_are_decided()
    {
        // A long window keeps the first three requests inside one open epoch, so the queue stays full while the rest arrive.
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 2000, MaxBatchSize = 100, MaxPendingRequests = 3 });
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            var response = await gateway.Http.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest($"d{i}"));
            return response;
        }));
        try
        {
            var ok = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToArray();
            var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToArray();
            Assert.Equal(3, ok.Length);
            Assert.Equal(7, refused.Length);
            foreach (var r in refused)
            {
                Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After missing");
                var problem = await TestGateway.ProblemAsync(r);
                Assert.Contains("3 requests", problem["detail"]!.GetValue<string>());
            }
            Assert.Equal(7, gateway.Gateway.Metrics.Rejections.Get("overloaded"));
        }
        finally
        {
            foreach (var r in responses) r.Dispose();
        }
        // Capacity is released once the epoch is decided: the gateway serves again.
        var again = await gateway.DecideOkAsync(TestGateway.ValidRequest("after"));
        Assert.Equal(1, again["epochSize"]!.GetValue<int>());
    }
}
