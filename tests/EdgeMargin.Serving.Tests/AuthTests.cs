using System.Net;
using System.Net.Http.Json;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Security;

namespace EdgeMargin.Serving.Tests;

/// <summary>Device and operator keys (stored hashed, reloaded without a restart) and per-device rate limits, on loopback.</summary>
public sealed class AuthTests
{
    private static readonly string DeviceKey = ApiKey.Create(), RevokedKey = ApiKey.Create(), OperatorKey = ApiKey.Create(), NewKey = ApiKey.Create();

    private static GatewayOptions WithKeys(string keysFile, AuthOptions? auth = null) => TestGateway.Servers(2) with
    {
        EpochWindowMs = 0,
        Auth = (auth ?? new AuthOptions()) with { KeysFile = keysFile },
    };

    private static async Task<string> BodyAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    [Fact]
    public async Task A_request_without_a_key_with_a_wrong_key_or_with_a_revoked_key_is_refused_with_a_problem_that_never_quotes_it()
    {
        using var files = new TestCredentials();
        string keys = files.WriteKeys([TestCredentials.Entry("phones", DeviceKey), TestCredentials.Entry("lost-phone", RevokedKey, revoked: true)],
            [TestCredentials.Entry("ops", OperatorKey)]);
        Assert.DoesNotContain(DeviceKey, await File.ReadAllTextAsync(keys));
        await using var gateway = await TestGateway.StartAsync(WithKeys(keys));
        var request = TestGateway.ValidRequest();

        using (var none = await gateway.Http.PostAsJsonAsync("/v1/offload/decide", request))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.StartsWith("Bearer", none.Headers.WwwAuthenticate.ToString());
            Assert.Contains("Authorization: Bearer", (await TestGateway.ProblemAsync(none))["detail"]!.GetValue<string>());
        }
        string wrongKey = ApiKey.Create();
        using (var wrong = gateway.WithKey(wrongKey))
        using (var response = await wrong.PostAsJsonAsync("/v1/offload/decide", request))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
            Assert.DoesNotContain(wrongKey, await BodyAsync(response));
        }
        using (var revoked = gateway.WithKey(RevokedKey))
        using (var response = await revoked.PostAsJsonAsync("/v1/offload/decide", request))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var problem = await TestGateway.ProblemAsync(response);
            Assert.Contains("revoked", problem["detail"]!.GetValue<string>());
            Assert.Contains("lost-phone", problem["detail"]!.GetValue<string>());
            Assert.DoesNotContain(RevokedKey, problem.ToJsonString());
        }
        using (var basic = new HttpClient { BaseAddress = gateway.BaseAddress })
        {
            basic.DefaultRequestHeaders.Authorization = new("Basic", "dXNlcjpwYXNz");
            using var response = await basic.PostAsJsonAsync("/v1/offload/decide", request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("invalid_request", response.Headers.WwwAuthenticate.ToString());
        }

        using var device = gateway.WithKey(DeviceKey);
        using (var ok = await device.PostAsJsonAsync("/v1/offload/decide", request)) Assert.True(ok.IsSuccessStatusCode, await BodyAsync(ok));
        // Health checks stay open for load balancers; the operator endpoints need an operator key.
        using (var health = await gateway.Http.GetAsync("/healthz")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var metrics = await device.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
            Assert.Contains("insufficient_scope", metrics.Headers.WwwAuthenticate.ToString());
            await TestGateway.ProblemAsync(metrics);
        }
        using (var epochs = await gateway.Http.GetAsync("/v1/epochs/1")) Assert.Equal(HttpStatusCode.Unauthorized, epochs.StatusCode);
        using var ops = gateway.WithKey(OperatorKey);
        using (var decide = await ops.PostAsJsonAsync("/v1/offload/decide", request)) Assert.Equal(HttpStatusCode.Forbidden, decide.StatusCode);
        using (var epoch = await ops.GetAsync("/v1/epochs/1")) Assert.Equal(HttpStatusCode.OK, epoch.StatusCode);
        string exposition = await ops.GetStringAsync("/metrics");
        Assert.Contains("edgemargin_auth_failures_total{reason=\"missing\"} 2", exposition);
        Assert.Contains("edgemargin_auth_failures_total{reason=\"revoked\"} 1", exposition);
        Assert.Contains("edgemargin_auth_failures_total{reason=\"scope\"} 2", exposition);
        foreach (string secret in new[] { DeviceKey, RevokedKey, OperatorKey, wrongKey, ApiKey.Hash(DeviceKey) }) Assert.DoesNotContain(secret, exposition);
    }

    [Fact]
    public async Task A_changed_keys_file_is_read_again_without_a_restart_and_a_broken_one_leaves_the_keys_in_force()
    {
        using var files = new TestCredentials();
        string keys = files.WriteKeys([TestCredentials.Entry("phones", DeviceKey)]);
        await using var gateway = await TestGateway.StartAsync(WithKeys(keys));
        using var fresh = gateway.WithKey(NewKey);
        using var old = gateway.WithKey(DeviceKey);
        using (var before = await fresh.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest())) Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);

        // The operator adds a key and revokes the old one by replacing the file; the file watch picks it up.
        long reloads = gateway.Gateway.Reloads;
        files.WriteKeys([TestCredentials.Entry("phones", DeviceKey, revoked: true), TestCredentials.Entry("new-phones", NewKey)]);
        await gateway.Gateway.WhenReloadedAsync(reloads + 1).WaitAsync(TimeSpan.FromSeconds(20));
        using (var after = await fresh.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest())) Assert.True(after.IsSuccessStatusCode, await BodyAsync(after));
        using (var revoked = await old.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest()))
            Assert.Contains("revoked", (await TestGateway.ProblemAsync(revoked))["detail"]!.GetValue<string>());

        // A file that is not valid keeps what is in force.
        await File.WriteAllTextAsync(Path.Combine(files.Folder, "broken.tmp"), "{\"deviceKeys\": [{\"id\": \"x\", \"sha256\": \"not-a-hash\"}]}");
        File.Move(Path.Combine(files.Folder, "broken.tmp"), keys, overwrite: true);
        Assert.False(gateway.Gateway.ReloadCredentials());
        using (var still = await fresh.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest())) Assert.True(still.IsSuccessStatusCode, await BodyAsync(still));
    }

    [Fact]
    public async Task A_device_over_its_rate_limit_is_answered_429_with_retry_after_and_others_are_not_held_back()
    {
        using var files = new TestCredentials();
        string other = ApiKey.Create();
        // Two requests at once, then one per 100 s: the third request of a burst is over the limit whatever the machine's speed.
        string keys = files.WriteKeys([TestCredentials.Entry("slow-phone", DeviceKey, ratePerS: 0.01, burst: 2), TestCredentials.Entry("other", other)],
            [TestCredentials.Entry("ops", OperatorKey)]);
        await using var gateway = await TestGateway.StartAsync(WithKeys(keys));
        using var device = gateway.WithKey(DeviceKey);
        for (int i = 0; i < 2; i++)
            using (var ok = await device.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest())) Assert.True(ok.IsSuccessStatusCode, await BodyAsync(ok));
        using (var limited = await device.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
            var problem = await TestGateway.ProblemAsync(limited);
            Assert.Contains("slow-phone", problem["detail"]!.GetValue<string>());
            Assert.DoesNotContain(DeviceKey, problem.ToJsonString());
        }
        using var unlimited = gateway.WithKey(other);
        for (int i = 0; i < 5; i++)
            using (var ok = await unlimited.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest())) Assert.True(ok.IsSuccessStatusCode, await BodyAsync(ok));
        using var ops = gateway.WithKey(OperatorKey);
        Assert.Contains("edgemargin_rate_limited_total{key=\"slow-phone\"} 1", await ops.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task With_device_keys_the_device_key_is_never_passed_on_to_a_backend()
    {
        using var files = new TestCredentials();
        await using var backend = await ScriptedBackend.StartAsync();
        backend.EchoAuthorization = true;
        string keys = files.WriteKeys([TestCredentials.Entry("phones", DeviceKey)]);
        await using var gateway = await TestGateway.StartAsync(WithKeys(keys) with { Servers = [new() { Id = "es0", BaseUrl = backend.BaseUrl }] });
        using var device = gateway.WithKey(DeviceKey);
        using var response = await device.PostAsJsonAsync("/v1/chat/completions", new { model = "m", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(1, backend.Requests);
        Assert.DoesNotContain(DeviceKey, await BodyAsync(response));
    }

    [Fact]
    public void Keys_files_with_plain_keys_duplicates_or_limits_on_operator_keys_are_refused_listing_every_problem()
    {
        using var files = new TestCredentials();
        string path = Path.Combine(files.Folder, "bad.json");
        File.WriteAllText(path, $$"""
            {"deviceKeys": [{"id": "a", "sha256": "{{DeviceKey}}"}, {"id": "b", "sha256": "{{ApiKey.Hash(NewKey)}}"}, {"id": "b", "sha256": "{{ApiKey.Hash(NewKey)}}"}],
             "operatorKeys": [{"id": "ops", "sha256": "{{ApiKey.Hash(OperatorKey)}}", "ratePerS": 5}]}
            """);
        var ex = Assert.Throws<GatewayConfigException>(() => KeySet.Load(path, new AuthOptions { KeysFile = path }));
        Assert.Contains(ex.Problems, p => p.StartsWith("deviceKeys[0].sha256", StringComparison.Ordinal) && p.Contains("hash-key"));
        Assert.Contains(ex.Problems, p => p.StartsWith("deviceKeys[2].id", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("operatorKeys[0]", StringComparison.Ordinal) && p.Contains("rate"));
        Assert.DoesNotContain(DeviceKey, ex.Message);
    }

    [Fact]
    public void A_key_made_here_is_long_random_and_prefixed_and_its_hash_is_its_sha256()
    {
        string a = ApiKey.Create(), b = ApiKey.Create();
        Assert.NotEqual(a, b);
        Assert.StartsWith(ApiKey.Prefix, a);
        Assert.Equal(47, a.Length);
        // The SHA-256 test vector of FIPS 180-2 for "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKey.Hash("abc"));
    }
}
