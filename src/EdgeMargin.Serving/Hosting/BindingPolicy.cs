namespace EdgeMargin.Serving.Hosting;

/// <summary>
/// What the gateway requires of an address before it listens there: an address other machines can reach carries TLS
/// (unless the operator says plainly that a proxy in front terminates it) and device keys (unless the operator says
/// plainly that anyone may ask). Loopback is for this machine and may stay plain and anonymous, as before.
/// </summary>
public static class BindingPolicy
{
    /// <summary>What the configuration offers the listeners.</summary>
    /// <param name="HasCertificate">A TLS certificate is configured (<c>tls.certificatePath</c>).</param>
    /// <param name="HasDeviceKeys">Device keys are configured (<c>auth.keysFile</c>).</param>
    /// <param name="AllowAnonymous">The config says <c>auth.allowAnonymous: true</c>.</param>
    /// <param name="AllowPlainHttp">serve was given <c>--allow-plain-http</c>.</param>
    public readonly record struct Offer(bool HasCertificate, bool HasDeviceKeys, bool AllowAnonymous, bool AllowPlainHttp);

    /// <summary>Every problem (each refuses the start) and every warning (printed) for <paramref name="endpoints"/>.</summary>
    public static (IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings) Check(IReadOnlyList<ListenEndpoint> endpoints, Offer offer)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var problems = new List<string>();
        var warnings = new List<string>();
        foreach (var e in endpoints)
        {
            if (e.Https && !offer.HasCertificate)
                problems.Add($"'{e.Display}' is https but the config has no certificate: set tls.certificatePath (PEM or PFX; see docs/serving.md, Deployment).");
            if (e.IsLoopback) continue;
            if (!e.Https)
            {
                if (offer.AllowPlainHttp)
                    warnings.Add($"'{e.Display}' is plain http on an address other machines can reach (--allow-plain-http): prompts, device keys and " +
                        "decisions cross the network unencrypted unless a proxy in front terminates TLS.");
                else
                    problems.Add($"'{e.Display}' is reachable from other machines, so it must be https: configure tls.certificatePath and write " +
                        $"https://{e.Host}:{e.Port}, or pass --allow-plain-http when a TLS-terminating proxy sits in front (a warning is printed).");
            }
            if (!offer.HasDeviceKeys && !offer.AllowAnonymous)
                problems.Add($"'{e.Display}' is reachable from other machines, so devices must present keys: set auth.keysFile (hash keys with " +
                    "'edgemargin serve hash-key'), or set auth.allowAnonymous to true to serve anyone who can reach it.");
        }
        if (offer.HasCertificate && !endpoints.Any(e => e.Https))
            warnings.Add("tls.certificatePath is configured but no --urls address is https; the certificate is not used.");
        return (problems, warnings);
    }
}
