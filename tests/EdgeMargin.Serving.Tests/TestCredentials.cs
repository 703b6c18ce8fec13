using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EdgeMargin.Serving.Security;

namespace EdgeMargin.Serving.Tests;

/// <summary>
/// Certificates and keys files a test makes for itself in its own temporary folder: a self-signed certificate for
/// 127.0.0.1 (written as PEM certificate + PEM key, or as a PFX), and keys files holding only hashes.
/// </summary>
internal sealed class TestCredentials : IDisposable
{
    public TestCredentials() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"edgemargin-creds-{Guid.NewGuid():N}");

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, valid for a day around now.</summary>
    public static X509Certificate2 SelfSigned(string name = "edgemargin-test")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>Writes <paramref name="certificate"/> as cert.pem + key.pem; returns both paths.</summary>
    public (string Cert, string Key) WritePem(X509Certificate2 certificate, string stem = "gateway")
    {
        string cert = Path.Combine(Folder, stem + ".crt.pem"), key = Path.Combine(Folder, stem + ".key.pem");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }

    /// <summary>Writes <paramref name="certificate"/> as a password-protected PFX and the password file; returns both paths.</summary>
    public (string Pfx, string PasswordFile) WritePfx(X509Certificate2 certificate, string password = "correct horse")
    {
        string pfx = Path.Combine(Folder, "gateway.pfx"), pass = Path.Combine(Folder, "gateway.pass");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, password));
        File.WriteAllText(pass, password + "\n");
        return (pfx, pass);
    }

    /// <summary>An HttpClient that trusts exactly <paramref name="certificate"/> (pinned by thumbprint) and reports what it was shown.</summary>
    public static HttpClient Pinned(X509Certificate2 certificate, Uri baseAddress, Action<X509Certificate2>? seen = null)
    {
        string expected = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) =>
            {
                if (presented is null) return false;
                var shown = new X509Certificate2(presented);
                seen?.Invoke(shown);
                return shown.GetCertHashString(HashAlgorithmName.SHA256) == expected;
            } },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>One keys-file entry for <paramref name="key"/> (only its hash is written).</summary>
    public static object Entry(string id, string key, bool revoked = false, double? ratePerS = null, int? burst = null) =>
        new { id, sha256 = ApiKey.Hash(key), revoked, ratePerS, burst };

    /// <summary>Writes the keys file atomically (write beside it, then rename), as docs/serving.md tells operators to.</summary>
    public string WriteKeys(object[] deviceKeys, object[]? operatorKeys = null, string name = "keys.json")
    {
        string path = Path.Combine(Folder, name), temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new { deviceKeys, operatorKeys = operatorKeys ?? [] }));
        File.Move(temp, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
