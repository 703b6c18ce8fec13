using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeMargin.Serving.Config;

namespace EdgeMargin.Serving.Hosting;

/// <summary>
/// The certificate the https listeners present, loaded from the files of <see cref="TlsOptions"/> and replaceable while
/// the gateway runs (a renewed certificate is picked up on reload; connections already open keep theirs). Kestrel asks
/// for it per handshake through <c>ServerCertificateSelector</c>, so a reload needs no restart and no new listener.
/// </summary>
internal sealed class TlsCertificate
{
    private X509Certificate2 _current;

    private TlsCertificate(TlsOptions options, X509Certificate2 first)
    {
        Options = options;
        _current = first;
    }

    public TlsOptions Options { get; }

    /// <summary>The certificate presented to new connections.</summary>
    public X509Certificate2 Current => Volatile.Read(ref _current);

    /// <summary>Loads the certificate; every problem names the file and what to do.</summary>
    /// <exception cref="GatewayConfigException">The files cannot be read, do not hold a certificate with its key, or it has expired.</exception>
    public static TlsCertificate Load(TlsOptions options, TimeProvider time) => new(options, Read(options, time));

    /// <summary>Reads the files again; on failure the certificate in use stays and the exception says why.</summary>
    public X509Certificate2 Reload(TimeProvider time)
    {
        var fresh = Read(Options, time);
        Volatile.Write(ref _current, fresh);
        return fresh;
    }

    /// <summary>A one-line description for the operator: subject, expiry, SHA-256 thumbprint.</summary>
    public static string Describe(X509Certificate2 certificate) =>
        $"{certificate.Subject}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC, SHA-256 {certificate.GetCertHashString(HashAlgorithmName.SHA256)}";

    private static X509Certificate2 Read(TlsOptions options, TimeProvider time)
    {
        string path = options.CertificatePath ?? throw new GatewayConfigException("tls", ["tls.certificatePath: missing."]);
        string? password = null;
        if (options.PasswordFile is string passwordFile)
        {
            try { password = File.ReadLines(passwordFile).FirstOrDefault() ?? ""; }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GatewayConfigException("tls", [$"tls.passwordFile: cannot read '{passwordFile}' ({ex.Message}); check the path and that the gateway's user may read it."]);
            }
        }
        X509Certificate2 loaded;
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            bool pem = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Contains("-----BEGIN", StringComparison.Ordinal);
            if (pem)
            {
                using var fromPem = password is null
                    ? X509Certificate2.CreateFromPemFile(path, options.KeyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, options.KeyPath);
                // A PEM key is ephemeral; a PKCS#12 round trip gives the handshake a key it can use on every platform.
                loaded = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
            }
            else
            {
                if (options.KeyPath is not null)
                    throw new GatewayConfigException("tls", [$"tls.keyPath: '{path}' is a PKCS#12 (PFX) file, which holds its own key; leave keyPath out."]);
                loaded = X509CertificateLoader.LoadPkcs12(bytes, password);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GatewayConfigException("tls", [$"tls: cannot read a certificate file ({ex.Message}); check tls.certificatePath and tls.keyPath and that the gateway's user may read them."]);
        }
        catch (CryptographicException ex)
        {
            throw new GatewayConfigException("tls", [$"tls: '{path}'{(options.KeyPath is { } key ? $" with key '{key}'" : "")} is not a usable certificate and key ({ex.Message}). " +
                "Give a PEM certificate with its PEM key (keyPath, unless the certificate file holds it), or a PFX file; an encrypted key or PFX needs passwordFile."]);
        }
        catch (ArgumentException ex)
        {
            throw new GatewayConfigException("tls", [$"tls: '{path}' holds no certificate and key the gateway can read ({ex.Message})."]);
        }
        if (!loaded.HasPrivateKey)
        {
            loaded.Dispose();
            throw new GatewayConfigException("tls", [$"tls: '{path}' holds a certificate but not its private key; give tls.keyPath or a PFX with the key."]);
        }
        var now = time.GetUtcNow();
        if (loaded.NotAfter.ToUniversalTime() < now.UtcDateTime || loaded.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            string window = $"{loaded.NotBefore.ToUniversalTime():yyyy-MM-dd} to {loaded.NotAfter.ToUniversalTime():yyyy-MM-dd}";
            loaded.Dispose();
            throw new GatewayConfigException("tls", [$"tls: the certificate in '{path}' is valid from {window} UTC, not now; devices would refuse it. Renew it."]);
        }
        return loaded;
    }
}
