using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMargin.Serving.Config;

namespace EdgeMargin.Serving.Tests;

/// <summary>Starts the real gateway on a dynamic 127.0.0.1 port, with an HttpClient pointed at it.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private TestGateway(Gateway gateway)
    {
        Gateway = gateway;
        Http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Gateway Gateway { get; }

    public HttpClient Http { get; }

    public Uri BaseAddress => Gateway.BaseAddress;

    public static async Task<TestGateway> StartAsync(GatewayOptions options)
    {
        var gateway = Gateway.Create(options, "http://127.0.0.1:0");
        await gateway.StartAsync();
        return new TestGateway(gateway);
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
