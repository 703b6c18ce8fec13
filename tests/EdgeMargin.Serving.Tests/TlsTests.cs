using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Hosting;

namespace EdgeMargin.Serving.Tests;

/// <summary>https listeners with a certificate the test makes itself, on loopback; and the rules for leaving loopback.</summary>
public sealed class TlsTests
{
    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task An_https_listener_presents_the_configured_certificate_and_serves_decisions(string format)
    {
        using var files = new TestCredentials();
        using var certificate = TestCredentials.SelfSigned();
        TlsOptions tls;
        if (format == "pem")
        {
            var (cert, key) = files.WritePem(certificate);
            tls = new TlsOptions { CertificatePath = cert, KeyPath = key };
        }
        else
        {
            var (pfx, password) = files.WritePfx(certificate);
            tls = new TlsOptions { CertificatePath = pfx, PasswordFile = password };
        }
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { Tls = tls, EpochWindowMs = 0 }, urls: "https://127.0.0.1:0");
        Assert.Equal("https", gateway.BaseAddress.Scheme);
        X509Certificate2? shown = null;
        using var https = TestCredentials.Pinned(certificate, gateway.BaseAddress, c => shown = c);
        using var response = await https.PostAsJsonAsync("/v1/offload/decide", TestGateway.ValidRequest());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(certificate.Thumbprint, shown!.Thumbprint);

        // The same port does not speak plain http.
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.BaseAddress.Port}"), Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync("/healthz"));
    }

    [Fact]
    public async Task A_renewed_certificate_is_presented_to_new_connections_after_a_reload()
    {
        using var files = new TestCredentials();
        using var first = TestCredentials.SelfSigned("first");
        var (cert, key) = files.WritePem(first);
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(1) with { Tls = new TlsOptions { CertificatePath = cert, KeyPath = key } },
            urls: "https://127.0.0.1:0");
        using var second = TestCredentials.SelfSigned("second");
        long before = gateway.Gateway.Reloads;
        files.WritePem(second);
        // The file watch reloads by itself; a reload requested explicitly (SIGHUP) must come to the same.
        Assert.True(gateway.Gateway.ReloadCredentials());
        await gateway.Gateway.WhenReloadedAsync(before + 1).WaitAsync(TimeSpan.FromSeconds(20));
        X509Certificate2? shown = null;
        using var https = TestCredentials.Pinned(second, gateway.BaseAddress, c => shown = c);
        using var health = await https.GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(second.Thumbprint, shown!.Thumbprint);
    }

    [Fact]
    public void Certificate_files_that_cannot_be_used_are_refused_with_the_reason()
    {
        using var files = new TestCredentials();
        using var certificate = TestCredentials.SelfSigned();
        var (cert, _) = files.WritePem(certificate);
        string certOnly = Path.Combine(files.Folder, "only.pem");
        File.WriteAllText(certOnly, certificate.ExportCertificatePem());
        var noKey = Assert.Throws<GatewayConfigException>(() => Gateway.Create(TestGateway.Servers(1) with { Tls = new TlsOptions { CertificatePath = certOnly } }, "https://127.0.0.1:0"));
        Assert.Contains(noKey.Problems, p => p.Contains("key"));
        var missing = Assert.Throws<GatewayConfigException>(() => Gateway.Create(TestGateway.Servers(1) with { Tls = new TlsOptions { CertificatePath = cert + ".gone" } }, "https://127.0.0.1:0"));
        Assert.Contains(missing.Problems, p => p.Contains("cannot read"));

        using var ecdsa = ECDsa.Create();
        using var expired = new CertificateRequest("CN=old", ecdsa, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        var (oldCert, oldKey) = files.WritePem(expired, "old");
        var stale = Assert.Throws<GatewayConfigException>(() => Gateway.Create(TestGateway.Servers(1) with { Tls = new TlsOptions { CertificatePath = oldCert, KeyPath = oldKey } }, "https://127.0.0.1:0"));
        Assert.Contains(stale.Problems, p => p.Contains("Renew"));
    }

    [Fact]
    public void An_address_other_machines_reach_needs_tls_and_keys_unless_the_operator_says_otherwise()
    {
        var remote = ListenEndpoint.Parse("http://0.0.0.0:5080", out var none);
        Assert.Empty(none);
        var (plain, _) = BindingPolicy.Check(remote, new BindingPolicy.Offer(HasCertificate: false, HasDeviceKeys: true, AllowAnonymous: false, AllowPlainHttp: false));
        Assert.Contains(plain, p => p.Contains("must be https") && p.Contains("--allow-plain-http"));
        var (flagged, warnings) = BindingPolicy.Check(remote, new BindingPolicy.Offer(false, true, false, AllowPlainHttp: true));
        Assert.Empty(flagged);
        Assert.Contains(warnings, w => w.Contains("unencrypted"));
        var (anonymous, _) = BindingPolicy.Check(ListenEndpoint.Parse("https://*:5443", out _), new BindingPolicy.Offer(true, HasDeviceKeys: false, AllowAnonymous: false, false));
        Assert.Contains(anonymous, p => p.Contains("auth.keysFile"));
        var (noCert, _) = BindingPolicy.Check(ListenEndpoint.Parse("https://127.0.0.1:5443", out _), new BindingPolicy.Offer(false, false, false, false));
        Assert.Contains(noCert, p => p.Contains("tls.certificatePath"));
        var (loopback, quiet) = BindingPolicy.Check(ListenEndpoint.Parse("http://127.0.0.1:5080;http://[::1]:5080;http://localhost:5080", out _), default);
        Assert.Empty(loopback);
        Assert.Empty(quiet);
        ListenEndpoint.Parse("http://gateway.example:5080", out var named);
        Assert.Contains(named, p => p.Contains("host name"));
        Assert.Equal(System.Net.IPAddress.IPv6Any, ListenEndpoint.Parse("https://*:5443", out _)[0].Address);
    }
}
