using System.Net;

namespace EdgeMargin.Serving.Hosting;

/// <summary>
/// One address the gateway listens on, parsed from <c>--urls</c>: the only way its endpoints are configured. Kestrel's
/// own configuration sources (<c>Kestrel__Endpoints__*</c>, <c>ASPNETCORE_URLS</c>, <c>urls</c> settings) are never
/// read, so nothing in the environment can add or move a listener.
/// </summary>
/// <remarks>
/// <see cref="Parse"/> checks the form of each address only; whether an address may be used with the configuration at
/// hand (TLS off the machine, see <see cref="BindingPolicy"/>) is decided apart, so the rule sits in one place.
/// </remarks>
/// <param name="Host">The host as written ("127.0.0.1", "[::1]", "localhost", "0.0.0.0", "*", an interface address).</param>
/// <param name="Address">The address to bind (for localhost, 127.0.0.1; for "*", [::] dual-stack; see <see cref="IsLocalhost"/>).</param>
/// <param name="Port">The port; 0 picks a free one.</param>
/// <param name="IsLocalhost">True for "localhost", which binds both 127.0.0.1 and [::1] when the port is fixed.</param>
/// <param name="Https">True for an https URL: the connection is TLS with the configured certificate.</param>
public sealed record ListenEndpoint(string Host, IPAddress Address, int Port, bool IsLocalhost, bool Https = false)
{
    /// <summary>Whether only this machine can reach the address (127.0.0.0/8, [::1], localhost).</summary>
    public bool IsLoopback => IsLocalhost || IPAddress.IsLoopback(Address);

    /// <summary>The URL as the operator reads it back (scheme, host, port).</summary>
    public string Display => $"{(Https ? "https" : "http")}://{Host}:{Port}";

    /// <summary>Parses semicolon-separated URLs; every problem is listed, each naming the URL and what to write instead.</summary>
    public static IReadOnlyList<ListenEndpoint> Parse(string? urls, out IReadOnlyList<string> problems)
    {
        var found = new List<ListenEndpoint>();
        var wrong = new List<string>();
        problems = wrong;
        var parts = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            wrong.Add("no address given; write e.g. --urls http://127.0.0.1:5080 (port 0 picks a free port).");
            return found;
        }
        foreach (string raw in parts)
        {
            string shown = Redaction.Redact(raw);
            // "*" and "+" (every interface) are not valid URI hosts; they are read as the unspecified address.
            bool any = raw.Contains("://*", StringComparison.Ordinal) || raw.Contains("://+", StringComparison.Ordinal);
            string url = any ? raw.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal) : raw;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                wrong.Add($"'{shown}' is not an absolute http or https URL (e.g. http://127.0.0.1:5080 or https://0.0.0.0:5443).");
                continue;
            }
            if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                wrong.Add($"'{shown}': give only scheme, host and port (no user, path, query or fragment), e.g. http://127.0.0.1:5080.");
                continue;
            }
            bool https = uri.Scheme == Uri.UriSchemeHttps;
            if (uri.HostNameType == UriHostNameType.Dns)
            {
                if (!uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                {
                    wrong.Add($"'{shown}': '{uri.Host}' is a host name; the gateway binds addresses. Give an address of this machine " +
                        "(e.g. 10.0.0.5 or [2001:db8::5]), 0.0.0.0 or * for every interface, or 127.0.0.1 for this machine only.");
                    continue;
                }
                found.Add(new ListenEndpoint(uri.Host, IPAddress.Loopback, uri.Port, IsLocalhost: true, https));
                continue;
            }
            var address = IPAddress.Parse(uri.IdnHost);
            // "*" binds both families, as Kestrel's own "*" does.
            if (any) address = IPAddress.IPv6Any;
            found.Add(new ListenEndpoint(any ? "*" : uri.Host, address, uri.Port, IsLocalhost: false, https));
        }
        return found;
    }

    /// <summary>
    /// Environment variables that would configure endpoints in a default ASP.NET Core host and that the gateway
    /// ignores (it reads no configuration from the environment): named so the operator can be told.
    /// </summary>
    public static IReadOnlyList<string> IgnoredEnvironment(System.Collections.IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var names = new List<string>();
        foreach (var key in environment.Keys)
        {
            if (key is not string name) continue;
            string n = name.ToUpperInvariant();
            foreach (string prefix in new[] { "", "ASPNETCORE_", "DOTNET_" })
            {
                if (!n.StartsWith(prefix, StringComparison.Ordinal)) continue;
                string rest = n[prefix.Length..];
                if (rest is "URLS" or "HTTP_PORTS" or "HTTPS_PORTS" || rest.StartsWith("KESTREL__", StringComparison.Ordinal) || rest.StartsWith("KESTREL:", StringComparison.Ordinal))
                {
                    names.Add(name);
                    break;
                }
            }
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
