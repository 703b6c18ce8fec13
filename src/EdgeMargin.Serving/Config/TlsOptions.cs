namespace EdgeMargin.Serving.Config;

/// <summary>
/// The certificate https listeners present (the <c>tls</c> section of the config). Relative paths are read against the
/// config file's folder.
/// </summary>
public sealed record TlsOptions
{
    /// <summary>
    /// The certificate: a PEM file (<c>-----BEGIN CERTIFICATE-----</c>, the chain after the leaf may follow) or a PKCS#12
    /// (.pfx/.p12) file holding certificate and key; told apart by content.
    /// </summary>
    public string? CertificatePath { get; init; }

    /// <summary>The PEM private key, when the PEM certificate file does not hold it.</summary>
    public string? KeyPath { get; init; }

    /// <summary>A file whose first line is the password of the PKCS#12 file or of an encrypted PEM key (e.g. a systemd credential).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>These options with relative paths made absolute against <paramref name="directory"/>.</summary>
    public TlsOptions ResolvedAgainst(string directory) => this with
    {
        CertificatePath = Resolve(CertificatePath, directory),
        KeyPath = Resolve(KeyPath, directory),
        PasswordFile = Resolve(PasswordFile, directory),
    };

    internal static string? Resolve(string? path, string directory) =>
        string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));

    /// <summary>Every problem, naming the field (the files are read when the gateway starts, see <c>TlsCertificate</c>).</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(CertificatePath)) yield return "tls.certificatePath: missing; give the PEM or PFX certificate file the https listeners present.";
        if (KeyPath is not null && string.IsNullOrWhiteSpace(KeyPath)) yield return "tls.keyPath: blank; give the PEM key file, or leave the field out when the certificate file holds the key.";
        if (PasswordFile is not null && string.IsNullOrWhiteSpace(PasswordFile)) yield return "tls.passwordFile: blank; give the file holding the password, or leave the field out.";
    }
}
