using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace EdgeMargin.Serving.Tests;

/// <summary>Bad requests get a 400/413/415 problem naming the field, and the gateway keeps serving afterwards.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
        => _gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 0, MaxDecideBodyBytes = 1024 });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Malformed_json_is_400_naming_where()
    {
        using var response = await _gateway.PostRawAsync("/v1/offload/decide", "{\"deviceId\": \"a\", \"uncertainty\": 0.5,, }");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await TestGateway.ProblemAsync(response);
        Assert.Equal("Malformed JSON", problem["title"]!.GetValue<string>());
        Assert.Contains("line 1", problem["detail"]!.GetValue<string>());
        await StillServes();
    }

    [Fact]
    public async Task Missing_fields_are_each_named()
    {
        using var response = await _gateway.PostRawAsync("/v1/offload/decide", "{\"deviceId\": \"a\"}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await TestGateway.ProblemAsync(response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("uncertainty"));
        Assert.True(errors.ContainsKey("payloadBytes"));
        Assert.True(errors.ContainsKey("localComputeS"));
        Assert.True(errors.ContainsKey("channelGains"));
        Assert.False(errors.ContainsKey("deviceId"));
        await StillServes();
    }

    [Theory]
    [InlineData("\"NaN\"", "uncertainty", null)]
    [InlineData("\"Infinity\"", "payloadBytes", null)]
    [InlineData("1.5", "uncertainty", null)]
    [InlineData("-3", "localComputeS", null)]
    public async Task Non_finite_and_out_of_range_numbers_are_400_naming_the_field(string value, string field, string? _)
    {
        string body = $"{{\"deviceId\":\"a\",\"uncertainty\":{(field == "uncertainty" ? value : "0.5")},\"payloadBytes\":{(field == "payloadBytes" ? value : "10")},"
            + $"\"localComputeS\":{(field == "localComputeS" ? value : "0.1")},\"channelGains\":[1e-9,1e-9]}}";
        using var response = await _gateway.PostRawAsync("/v1/offload/decide", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await TestGateway.ProblemAsync(response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
        await StillServes();
    }

    [Fact]
    public async Task A_bare_NaN_literal_is_malformed_json()
    {
        using var response = await _gateway.PostRawAsync("/v1/offload/decide", "{\"deviceId\":\"a\",\"uncertainty\":NaN}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await TestGateway.ProblemAsync(response);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("uncertainty"));
    }

    [Fact]
    public async Task Wrong_gain_count_unknown_fields_and_both_signals_are_refused()
    {
        var cases = new (string Body, string Field)[]
        {
            ("{\"deviceId\":\"a\",\"uncertainty\":0.5,\"payloadBytes\":1,\"localComputeS\":0.1,\"channelGains\":[1e-9]}", "channelGains"),
            ("{\"deviceId\":\"a\",\"uncertainty\":0.5,\"payloadBytes\":1,\"localComputeS\":0.1,\"channelGains\":[1e-9,-1]}", "channelGains[1]"),
            ("{\"deviceId\":\"a\",\"uncertainty\":0.5,\"payloadBytes\":1,\"localComputeS\":0.1,\"snrDb\":[3,4],\"channelGains\":[1,1]}", "channelGains"),
            ("{\"deviceId\":\"a\",\"uncertanity\":0.5}", "uncertanity"),
            ("{\"deviceId\":\"a\",\"uncertainty\":0.5,\"topK\":[{\"token\":\"x\",\"probability\":0.5}],\"payloadBytes\":1,\"localComputeS\":0.1,\"snrDb\":[3,4]}", "uncertainty"),
            ("{\"deviceId\":\"a\",\"topK\":[{\"token\":\"x\",\"probability\":1.7}],\"payloadBytes\":1,\"localComputeS\":0.1,\"snrDb\":[3,4]}", "topK[0].probability"),
            ("{\"deviceId\":\"a\",\"topK\":[{\"token\":\"x\",\"probability\":0.5},{\"token\":\"y\"}],\"payloadBytes\":1,\"localComputeS\":0.1,\"snrDb\":[3,4]}", "topK[1].probability"),
            ("{\"deviceId\":\"a\",\"topK\":[{\"token\":\"x\",\"probability\":0.7},{\"token\":\"y\",\"probability\":0.6}],\"payloadBytes\":1,\"localComputeS\":0.1,\"snrDb\":[3,4]}", "topK"),
        };
        foreach (var (body, field) in cases)
        {
            using var response = await _gateway.PostRawAsync("/v1/offload/decide", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await TestGateway.ProblemAsync(response))["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"{body} -> {errors.ToJsonString()}");
        }
        await StillServes();
    }

    [Fact]
    public async Task Oversized_bodies_are_413_with_or_without_a_content_length()
    {
        string big = "{\"deviceId\":\"" + new string('x', 4000) + "\"}";
        using (var response = await _gateway.PostRawAsync("/v1/offload/decide", big))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("1024", (await TestGateway.ProblemAsync(response))["detail"]!.GetValue<string>());
        }
        // Chunked: no Content-Length, so the limit must hold while streaming.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/offload/decide") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using (var response = await _gateway.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            await TestGateway.ProblemAsync(response);
        }
        await StillServes();
        Assert.True(_gateway.Gateway.Metrics.Rejections.Get("too_large") >= 2);
    }

    [Fact]
    public async Task Non_json_content_type_is_415_and_unknown_paths_are_404_problems()
    {
        using (var response = await _gateway.PostRawAsync("/v1/offload/decide", "deviceId=a", "application/x-www-form-urlencoded"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            await TestGateway.ProblemAsync(response);
        }
        using (var response = await _gateway.Http.GetAsync("/v1/nothing"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await TestGateway.ProblemAsync(response);
        }
        using (var response = await _gateway.Http.GetAsync("/v1/epochs/999999"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await TestGateway.ProblemAsync(response);
        }
        await StillServes();
    }

    private async Task StillServes()
    {
        var answer = await _gateway.DecideOkAsync(TestGateway.ValidRequest());
        Assert.Equal("offload", answer["decision"]!.GetValue<string>());
        using var health = await _gateway.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
