using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMargin.Serving.Config;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMargin.Serving.Tests;

/// <summary>
/// Starts the real gateway on a dynamic 127.0.0.1 port, with an HttpClient pointed at it. Its clock is a
/// <see cref="FakeTimeProvider"/> unless a test asks for real time: epoch windows close when the test moves the clock
/// (<see cref="CloseWindowAsync"/>), never by waiting, and a window of 0 closes each epoch with what is waiting.
/// </summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private TestGateway(Gateway gateway, FakeTimeProvider? clock)
    {
        Gateway = gateway;
        Clock = clock;
        Http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Gateway Gateway { get; }

    /// <summary>The gateway's fake clock (null when the test chose real time).</summary>
    public FakeTimeProvider? Clock { get; }

    public HttpClient Http { get; }

    /// <summary>A client for this gateway that sends <paramref name="key"/> as its bearer token.</summary>
    public HttpClient WithKey(string key)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public Uri BaseAddress => Gateway.BaseAddress;

    /// <summary>Starts a gateway on a fake clock (or on real time, for tests of real-time behaviour).</summary>
    public static async Task<TestGateway> StartAsync(GatewayOptions options, bool realTime = false, string urls = "http://127.0.0.1:0")
    {
        // The fake clock starts at the real now, so certificates the tests make (valid around now) are valid on it.
        var clock = realTime ? null : new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gateway = Gateway.Create(options, urls, timeProvider: (TimeProvider?)clock ?? TimeProvider.System);
        await gateway.StartAsync();
        return new TestGateway(gateway, clock);
    }

    /// <summary>
    /// Waits (bounded, on a signal, not a poll) until <paramref name="accepted"/> decide requests in all have been
    /// accepted into epochs, then moves the fake clock past the epoch window so the open epoch closes.
    /// </summary>
    public async Task CloseWindowAsync(int accepted)
    {
        Assert.NotNull(Clock);
        await Gateway.WhenAcceptedAsync(accepted).WaitAsync(TimeSpan.FromSeconds(20));
        Clock!.Advance(TimeSpan.FromMilliseconds(Gateway.Options.EpochWindowMs));
    }

    public static GatewayOptions Servers(int count, string? baseUrl = null) => new()
    {
        Servers = Enumerable.Range(0, count).Select(j => new BackendServerOptions { Id = $"es{j}", BaseUrl = baseUrl }).ToArray(),
    };

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json")
        => Http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((int)response.StatusCode, node["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(node["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(node["detail"]?.GetValue<string>()));
        return node;
    }

    public static object ValidRequest(string device = "dev-1", double u = 0.9, int servers = 2) => new
    {
        deviceId = device,
        uncertainty = u,
        payloadBytes = 400,
        localComputeS = 0.2,
        channelGains = Enumerable.Repeat(1e-9, servers).ToArray(),
    };

    public async Task<JsonNode> DecideOkAsync(object request)
    {
        using var response = await Http.PostAsJsonAsync("/v1/offload/decide", request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"decide answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
    }

    internal static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
