using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeMargin.Serving.Tests;

/// <summary>The OpenAI-compatible pass-through, streaming included, and the metrics it feeds.</summary>
public sealed class PassThroughTests
{
    [Fact]
    public async Task Streaming_chat_completions_arrive_event_by_event()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2, backend.BaseUrl));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "m", stream = true, messages = new[] { new { role = "user", content = "where?" } } }),
        };
        request.Headers.Add("X-EdgeMargin-Server", "es1");
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("es1", response.Headers.GetValues("X-EdgeMargin-Server").Single());

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var pieces = new List<string>();
        bool done = false;
        while (await reader.ReadLineAsync() is string line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            string data = line["data: ".Length..];
            if (data == "[DONE]") { done = true; break; }
            pieces.Add(JsonNode.Parse(data)!["choices"]![0]!["delta"]!["content"]!.GetValue<string>());
        }
        Assert.True(done);
        Assert.Equal(["edge", ": ", "where?"], pieces);
        Assert.Equal(1, gateway.Gateway.Metrics.BackendRequests.Get("es1"));
    }

    [Fact]
    public async Task Completions_pass_through_and_backend_errors_are_counted()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl) with { MaxProxyBodyBytes = 2048 });
        using (var ok = await gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "m", prompt = "hello" }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var json = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!;
            Assert.Equal("edge: hello", json["choices"]![0]!["text"]!.GetValue<string>());
        }
        backend.Fail = true;
        using (var failed = await gateway.Http.PostAsJsonAsync("/v1/chat/completions", new { model = "m", messages = new[] { new { role = "user", content = "x" } } }))
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        using (var big = await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(new string('x', 5000), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
            await TestGateway.ProblemAsync(big);
        }
        await backend.StopAsync();
        using (var down = await gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "m", prompt = "hello" }))
        {
            Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
            Assert.Contains("es0", (await TestGateway.ProblemAsync(down))["detail"]!.GetValue<string>());
        }
        Assert.Equal(2, gateway.Gateway.Metrics.BackendErrors.Get("es0"));

        string metrics = await gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("edgemargin_backend_errors_total{server=\"es0\"} 2", metrics);
        Assert.Contains("edgemargin_requests_total{endpoint=\"completions\"} 2", metrics);
    }

    [Fact]
    public async Task Unknown_or_missing_server_and_a_server_without_backend_are_clear_problems()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2));
        var body = new { model = "m", messages = new[] { new { role = "user", content = "x" } } };
        using (var missing = await gateway.Http.PostAsJsonAsync("/v1/chat/completions", body))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.True((await TestGateway.ProblemAsync(missing))["errors"]!.AsObject().ContainsKey("X-EdgeMargin-Server"));
        }
        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        unknown.Headers.Add("X-EdgeMargin-Server", "es9");
        using (var response = await gateway.Http.SendAsync(unknown))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("es9", (await TestGateway.ProblemAsync(response))["detail"]!.GetValue<string>());
        }
        using var none = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        none.Headers.Add("X-EdgeMargin-Server", "es0");
        using (var response = await gateway.Http.SendAsync(none))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await TestGateway.ProblemAsync(response);
        }
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_every_family()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 0 });
        await gateway.DecideOkAsync(TestGateway.ValidRequest("a", 0.9));
        // Confident, tiny local time, dead uplink: stays local.
        await gateway.DecideOkAsync(new { deviceId = "b", uncertainty = 0.1, payloadBytes = 1e6, localComputeS = 0.001, channelGains = new[] { 1e-20, 1e-20 } });
        using var response = await gateway.Http.GetAsync("/metrics");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        foreach (string family in new[] { "edgemargin_requests_total", "edgemargin_decisions_total", "edgemargin_epoch_size", "edgemargin_epoch_decide_seconds",
                     "edgemargin_decision_latency_seconds", "edgemargin_backend_errors_total", "edgemargin_rejections_total", "edgemargin_pending_requests" })
            Assert.Contains($"# TYPE {family} ", text);
        Assert.Contains("edgemargin_decisions_total{kind=\"offload\"} 1", text);
        Assert.Contains("edgemargin_decisions_total{kind=\"local\"} 1", text);
        Assert.Contains("edgemargin_epoch_size_count 2", text);
        Assert.Contains("edgemargin_decision_latency_seconds_bucket{le=\"+Inf\"} 2", text);
        // Every sample line is "name{labels} value" or "name value" with a parseable number.
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
            Assert.True(double.TryParse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture, out _), line);
    }
}
