using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using EdgeMargin.Serving.Config;

namespace EdgeMargin.Serving.Tests;

/// <summary>
/// The probes of issue 21, each as a regression test on loopback: no 500, no credential in any body, no redirect
/// followed, bounded connections, an epoch log that can be redacted or turned off, and problem documents for the
/// smaller refusals.
/// </summary>
public sealed class HostileProbeTests
{
    private static async Task<TestGateway> StartAsync(string json) => await TestGateway.StartAsync(GatewayConfig.Parse(json));

    private static HttpRequestMessage Chat(string server = "es0") => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = JsonContent.Create(new { model = "m", messages = new[] { new { role = "user", content = "where?" } } }),
        Headers = { { "X-EdgeMargin-Server", server } },
    };

    [Fact]
    public async Task A_delay_with_no_finite_value_is_answered_as_null_and_its_epoch_stays_readable()
    {
        // Reference mode sends a user above tau to a server even over a dead channel: the model's delay is infinite.
        await using var gateway = await StartAsync("""{ "servers": [ { "id": "es0" } ], "epochWindowMs": 0, "parameters": { "mode": "reference" } }""");
        using var response = await gateway.PostRawAsync("/v1/offload/decide",
            """{"deviceId":"dead-channel","uncertainty":0.9,"payloadBytes":400,"localComputeS":0.2,"channelGains":[0]}""");
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var answer = JsonNode.Parse(text)!;
        Assert.Equal("offload", answer["decision"]!.GetValue<string>());
        Assert.Null(answer["predictedDelayMs"]);
        using var epoch = await gateway.Http.GetAsync($"/v1/epochs/{answer["epochId"]}");
        Assert.Equal(HttpStatusCode.OK, epoch.StatusCode);
        Assert.Null(JsonNode.Parse(await epoch.Content.ReadAsStringAsync())!["users"]![0]!["predictedDelayMs"]);
    }

    [Fact]
    public async Task An_absurd_local_time_never_turns_into_a_500_or_an_unreadable_epoch_for_the_devices_sharing_it()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(4) with { EpochWindowMs = 1000, MaxBatchSize = 3 });
        var honest = Enumerable.Range(0, 2).Select(i => gateway.PostRawAsync("/v1/offload/decide",
            $$"""{"deviceId":"honest-{{i}}","uncertainty":0.1,"payloadBytes":400,"localComputeS":0.2,"channelGains":[1e-10,1e-10,1e-10,1e-10]}""")).ToArray();
        using var probe = await gateway.PostRawAsync("/v1/offload/decide",
            """{"deviceId":"x","uncertainty":0.1,"payloadBytes":400,"localComputeS":2e305,"channelGains":[1e-10,1e-10,1e-10,1e-10]}""");
        Assert.True(probe.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)probe.StatusCode}: {await probe.Content.ReadAsStringAsync()}");
        if (probe.StatusCode == HttpStatusCode.BadRequest) await TestGateway.ProblemAsync(probe);
        foreach (var task in honest)
        {
            using var ok = await task;
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var answer = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!;
            using var epoch = await gateway.Http.GetAsync($"/v1/epochs/{answer["epochId"]}");
            Assert.Equal(HttpStatusCode.OK, epoch.StatusCode);
        }
        Assert.Equal(0, gateway.Gateway.Metrics.Rejections.Get("internal"));
    }

    [Fact]
    public async Task Backend_credentials_appear_in_no_response_and_no_config_error()
    {
        // Port 9 (discard) refuses at once: the pass-through answers 502 naming the server, not its password.
        await using var gateway = await StartAsync("""{ "servers": [ { "id": "es0", "baseUrl": "http://admin:s3cret@127.0.0.1:9/v1" } ] }""");
        using (var down = await gateway.Http.SendAsync(Chat()))
        {
            Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
            string body = await down.Content.ReadAsStringAsync();
            Assert.DoesNotContain("s3cret", body);
            Assert.DoesNotContain("admin", body);
            Assert.Contains("es0", body);
            Assert.Contains("could not be reached", body);
        }
        var config = Assert.Throws<GatewayConfigException>(() => GatewayConfig.Parse("""{ "servers": [ { "id": "a", "baseUrl": "http://admin:s3cret@192.0.2.1/v1" } ] }"""));
        Assert.DoesNotContain("s3cret", config.Message);
        Assert.Contains("servers[0].baseUrl", config.Message);

        // A backend that quotes the key it was sent never shows the device the gateway's key.
        await using var backend = await ScriptedBackend.StartAsync();
        backend.EchoAuthorization = true;
        await using var keyed = await StartAsync($$"""{ "servers": [ { "id": "es0", "baseUrl": "{{backend.BaseUrl}}", "apiKey": "sk-gateway-secret-42" } ] }""");
        using var echoed = await keyed.Http.SendAsync(Chat());
        Assert.Equal(HttpStatusCode.Unauthorized, echoed.StatusCode);
        string text = await echoed.Content.ReadAsStringAsync();
        Assert.Contains("Incorrect API key", text);
        Assert.DoesNotContain("sk-gateway-secret-42", text);
    }

    [Fact]
    public async Task A_backend_redirect_is_reported_not_followed_to_an_unconfigured_host()
    {
        await using var elsewhere = await ScriptedBackend.StartAsync();
        await using var backend = await ScriptedBackend.StartAsync();
        backend.RedirectTo = elsewhere.BaseUrl + "/chat/completions";
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl));
        using var response = await gateway.Http.SendAsync(Chat());
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await TestGateway.ProblemAsync(response);
        Assert.Contains("307", problem["detail"]!.GetValue<string>());
        Assert.Equal(1, backend.Requests);
        Assert.Equal(0, elsewhere.Requests);
        Assert.Equal(1, gateway.Gateway.Metrics.BackendErrors.Get("es0"));
    }

    [Fact]
    public async Task Connections_past_the_limit_are_closed_and_a_freed_slot_serves_again()
    {
        await using var gateway = await StartAsync("""{ "servers": [ { "id": "es0" } ], "maxConnections": 3 }""");
        var port = gateway.BaseAddress.Port;
        var held = new List<TcpClient>();
        try
        {
            // Each held connection completes one request first, so Kestrel has counted it before the next one opens.
            for (int i = 0; i < 3; i++) held.Add(await OpenWithOneRequestAsync(port));
            using (var extra = new TcpClient())
            {
                await extra.ConnectAsync(IPAddress.Loopback, port);
                var stream = extra.GetStream();
                try
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
                    var buffer = new byte[256];
                    int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
                    Assert.Equal(0, read);
                }
                catch (IOException)
                {
                    // Closed with a reset instead of a FIN: refused just the same.
                }
            }
            held[0].Dispose();
            held.RemoveAt(0);
            // Kestrel frees the slot when it sees the close; a new connection is then served (bounded retries).
            HttpStatusCode? status = null;
            for (int attempt = 0; attempt < 50 && status != HttpStatusCode.OK; attempt++)
            {
                using var fresh = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
                try { status = (await fresh.GetAsync("/healthz")).StatusCode; }
                catch (HttpRequestException) { await Task.Delay(100); }
            }
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            foreach (var c in held) c.Dispose();
        }
    }

    private static async Task<TcpClient> OpenWithOneRequestAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
        var buffer = new byte[4096];
        int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(buffer, 0, read));
        return client;
    }

    [Fact]
    public async Task A_redacted_epoch_log_keeps_the_decisions_without_device_ids_or_channel_gains()
    {
        await using var gateway = await StartAsync("""{ "servers": [ { "id": "es0" }, { "id": "es1" } ], "epochWindowMs": 0, "epochLog": "redacted" }""");
        var answer = await gateway.DecideOkAsync(TestGateway.ValidRequest("phone-of-alice"));
        string text = await gateway.Http.GetStringAsync($"/v1/epochs/{answer["epochId"]}");
        Assert.DoesNotContain("phone-of-alice", text);
        var user = JsonNode.Parse(text)!["users"]![0]!;
        Assert.Null(user["deviceId"]);
        Assert.Null(user["channelGains"]);
        Assert.Equal(answer["decision"]!.GetValue<string>(), user["decision"]!.GetValue<string>());
        Assert.Equal(answer["serverId"]!.GetValue<string>(), user["serverId"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_the_epoch_log_off_no_epoch_is_kept_or_shown()
    {
        await using var gateway = await StartAsync("""{ "servers": [ { "id": "es0" }, { "id": "es1" } ], "epochWindowMs": 0, "epochLog": "off" }""");
        var answer = await gateway.DecideOkAsync(TestGateway.ValidRequest("phone-of-bob"));
        using var response = await gateway.Http.GetAsync($"/v1/epochs/{answer["epochId"]}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("epochLog", (await TestGateway.ProblemAsync(response))["detail"]!.GetValue<string>());
        Assert.False(gateway.Gateway.Epochs.TryGet(answer["epochId"]!.GetValue<long>(), out _));
        var wrong = Assert.Throws<GatewayConfigException>(() => GatewayConfig.Parse("""{ "servers": [ { "id": "a" } ], "epochLog": "some" }"""));
        Assert.Contains("'redacted'", wrong.Message);
    }

    [Fact]
    public async Task A_wrong_method_is_405_with_allow_and_head_on_healthz_is_200()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1));
        using (var get = await gateway.Http.GetAsync("/v1/offload/decide"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
            Assert.Contains("POST", get.Content.Headers.Allow);
            await TestGateway.ProblemAsync(get);
        }
        using (var head = await gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz")))
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        using (var unknown = await gateway.Http.GetAsync("/v1/nothing"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_utf8_bom_is_accepted_a_json_lookalike_content_type_is_415_and_a_repeated_key_is_400()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 0 });
        string valid = """{"deviceId":"a","uncertainty":0.9,"payloadBytes":400,"localComputeS":0.2,"channelGains":[1e-9,1e-9]}""";
        var withBom = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(valid)]);
        withBom.Headers.ContentType = new("application/json");
        using (var bom = await gateway.Http.PostAsync("/v1/offload/decide", withBom))
            Assert.True(bom.StatusCode == HttpStatusCode.OK, await bom.Content.ReadAsStringAsync());

        var bogus = new StringContent(valid, Encoding.UTF8);
        bogus.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/jsonBOGUS");
        using (var lookalike = await gateway.Http.PostAsync("/v1/offload/decide", bogus))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, lookalike.StatusCode);
            await TestGateway.ProblemAsync(lookalike);
        }
        using (var twice = await gateway.PostRawAsync("/v1/offload/decide", valid.Replace("\"uncertainty\":0.9", "\"uncertainty\":0.9,\"uncertainty\":0.1")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
            Assert.Contains("uncertainty", (await TestGateway.ProblemAsync(twice))["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_broken_chunked_body_a_long_target_and_huge_headers_get_problem_bodies()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1) with { EpochWindowMs = 0 });
        int port = gateway.BaseAddress.Port;
        string chunk = await RawAsync(port, "POST /v1/offload/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
        AssertProblem(chunk, 400);
        string target = await RawAsync(port, $"GET /healthz?{new string('q', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n");
        AssertProblem(target, 414);
        string headers = await RawAsync(port, $"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: {new string('h', 40_000)}\r\n\r\n");
        AssertProblem(headers, 431);
    }

    private static void AssertProblem(string response, int status)
    {
        Assert.StartsWith($"HTTP/1.1 {status} ", response);
        int body = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.Contains("application/problem+json", response[..body]);
        Assert.Equal(status, JsonNode.Parse(response[(body + 4)..])!["status"]!.GetValue<int>());
    }

    /// <summary>Sends raw bytes and reads the response until the server closes the connection (bounded).</summary>
    private static async Task<string> RawAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var all = new MemoryStream();
        var buffer = new byte[8192];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, bound.Token)) > 0)
            {
                all.Write(buffer, 0, read);
                if (Complete(all)) break;
            }
        }
        catch (IOException) { }
        return Encoding.UTF8.GetString(all.ToArray());
    }

    /// <summary>A response whose head declares a Content-Length that has fully arrived.</summary>
    private static bool Complete(MemoryStream received)
    {
        string text = Encoding.UTF8.GetString(received.ToArray());
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var length = text[..end].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null && Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= int.Parse(length["Content-Length:".Length..].Trim());
    }

    [Fact]
    public async Task A_backend_200_with_garbage_bytes_is_a_502_and_counts_against_the_backend()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        backend.Canned = ("application/json", [0x00, 0xFF, 0x7B, 0x22, 0x9C, 0x01]);
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1, backend.BaseUrl));
        using var response = await gateway.Http.SendAsync(Chat());
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("not JSON", (await TestGateway.ProblemAsync(response))["detail"]!.GetValue<string>());
        Assert.Equal(1, gateway.Gateway.Metrics.BackendErrors.Get("es0"));
    }
}
