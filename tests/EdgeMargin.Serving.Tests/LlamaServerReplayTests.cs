using System.Net;
using System.Net.Http.Json;
using System.Text;
using EdgeMargin.Serving.Client;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Serving.Tests;

/// <summary>
/// The gateway and the device client against replies a real llama-server gave (Fixtures/llama-server, recorded from
/// llama.cpp de3ff81), served by a scripted loopback backend: bytes pass through exactly, and what the real server does
/// differently from the documented shapes (malformed JSON answered 500) or when it fails is reported for what it is.
/// </summary>
public sealed class LlamaServerReplayTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "llama-server", name);

    private static byte[] Bytes(string name) => File.ReadAllBytes(Fixture(name));

    /// <summary>The Content-Type line of a recorded header file.</summary>
    private static string ContentType(string name) => File.ReadLines(Fixture(name))
        .Single(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))["Content-Type:".Length..].Trim();

    private static HttpRequestMessage Chat(byte[] body) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
    };

    [Fact]
    public async Task A_recorded_chat_reply_and_stream_pass_through_byte_for_byte()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl));
        foreach (string name in new[] { "chat", "chat-stream" })
        {
            backend.Canned = (ContentType($"{name}.headers.txt"), Bytes($"{name}.json"));
            using var response = await gateway.Http.SendAsync(Chat(Bytes("chat.request.json")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Bytes($"{name}.json"), await response.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(0, gateway.Gateway.Metrics.BackendErrors.Get("es0"));
    }

    [Fact]
    public async Task A_devices_malformed_body_is_refused_by_the_gateway_and_never_counts_against_the_backend()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        // What llama-server answers to a truncated body: 500 (recorded), which would count as a backend failure.
        backend.OnMalformed = (500, ContentType("error-malformed.headers.txt"), Bytes("error-malformed.json"));
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl));
        using var response = await gateway.Http.SendAsync(Chat(Bytes("error-malformed.request.json")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Malformed JSON", (await TestGateway.ProblemAsync(response))["title"]!.GetValue<string>());
        Assert.Equal(0, backend.Requests);
        Assert.Equal(0, gateway.Gateway.Metrics.BackendErrors.Get("es0"));
    }

    [Fact]
    public async Task A_backend_that_dies_mid_answer_is_reported_as_failing_mid_answer_not_unreachable()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        backend.Canned = (ContentType("chat.headers.txt"), Bytes("chat.json"));
        backend.DieAfterBytes = 1000;
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl) with { EpochWindowMs = 0 });
        using (var response = await gateway.Http.SendAsync(Chat(Bytes("chat.request.json"))))
        {
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            var problem = await TestGateway.ProblemAsync(response);
            Assert.Equal("Edge backend failed mid-answer", problem["title"]!.GetValue<string>());
            Assert.DoesNotContain("could not be reached", problem["detail"]!.GetValue<string>());
        }
        Assert.Equal(1, gateway.Gateway.Metrics.BackendErrors.Get("es0"));

        // Taking the request and closing without a status line is no "could not be reached" either.
        backend.DieAfterBytes = 0;
        using (var response = await gateway.Http.SendAsync(Chat(Bytes("chat.request.json"))))
        {
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Contains("failed before answering", (await TestGateway.ProblemAsync(response))["detail"]!.GetValue<string>());
        }
        Assert.Equal(2, gateway.Gateway.Metrics.BackendErrors.Get("es0"));
        backend.DieAfterBytes = 1000;

        // The device's client says the same, and answers locally.
        using var http = new HttpClient();
        var client = new EdgeMarginClient(http, new EdgeMarginClientOptions { Gateway = gateway.BaseAddress, DecideDeadline = TimeSpan.FromSeconds(10), OffloadDeadline = TimeSpan.FromSeconds(10) });
        var result = await client.AskAsync(new DeviceQuery
        {
            DeviceId = "phone", Prompt = "Where is John?", LocalComputeS = 0.3, ChannelGains = [1e-9],
            TopK = [new TokenProbability("kitchen", 0.35), new TokenProbability("garden", 0.33)],
        }, (_, _) => Task.FromResult("local"));
        Assert.True(result.FellBack);
        Assert.Contains("mid-answer", result.Reason);
    }

    [Fact]
    public async Task The_device_client_asks_for_temperature_0_unless_configured_and_reads_a_recorded_reply()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        backend.Canned = (ContentType("chat.headers.txt"), Bytes("chat.json"));
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl) with { EpochWindowMs = 0 });
        using var http = new HttpClient();
        var query = new DeviceQuery
        {
            DeviceId = "phone", Prompt = "Where is John?", LocalComputeS = 0.3, ChannelGains = [1e-9],
            TopK = [new TokenProbability("kitchen", 0.35), new TokenProbability("garden", 0.33)],
        };
        foreach (var (temperature, expected) in new (double?, string?)[] { (0, "0"), (0.7, "0.7"), (null, null) })
        {
            var options = new EdgeMarginClientOptions { Gateway = gateway.BaseAddress, DecideDeadline = TimeSpan.FromSeconds(10) };
            if (temperature != 0) options = options with { Temperature = temperature };
            var result = await new EdgeMarginClient(http, options).AskAsync(query, (_, _) => Task.FromResult("local"));
            Assert.Equal(AnswerRoute.Edge, result.Route);
            // The recorded reply's own answer text, read from choices[0].message.content.
            Assert.Equal("#####", result.Answer);
            var sent = System.Text.Json.Nodes.JsonNode.Parse(backend.LastBody!)!;
            Assert.Equal(expected, sent["temperature"]?.ToJsonString());
        }
    }

    [Fact]
    public async Task A_stream_whose_events_are_not_json_counts_against_the_backend()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        backend.Canned = ("text/event-stream", Encoding.UTF8.GetBytes("data: {\"choices\":[]}\n\ndata: \u0001garbage\n\ndata: [DONE]\n\n"));
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl));
        using var response = await gateway.Http.SendAsync(Chat("""{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("garbage", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, gateway.Gateway.Metrics.BackendErrors.Get("es0"));
    }
}
