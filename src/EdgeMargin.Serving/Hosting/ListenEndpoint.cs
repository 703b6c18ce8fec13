using System.Net;

namespace EdgeMargin.Serving.Hosting;

/// <summary>
/// One address the gateway listens on, parsed from <c>--urls</c>: the only way its endpoints are configured. Kestrel's
/// own configuration sources (<c>Kestrel__Endpoints__*</c>, <c>ASPNETCORE_URLS</c>, <c>urls</c> settings) are never
/// read, so nothing in the environment can add or move a listener.
/// </summary>
/// <remarks>
/// Only plain http on loopback is accepted today. The record is where a certificate and a non-loopback policy will be
/// attached when the gateway is deployed beyond this machine: <see cref="Parse"/> is the single gate every address
/// passes through.
/// </remarks>
/// <param name="Host">The host as written ("127.0.0.1", "[::1]" or "localhost").</param>
/// <param name="Address">The loopback address to bind (for localhost, 127.0.0.1; see <see cref="IsLocalhost"/>).</param>
/// <param name="Port">The port; 0 picks a free one.</param>
/// <param name="IsLocalhost">True for "localhost", which binds both 127.0.0.1 and [::1] when the port is fixed.</param>
public sealed record ListenEndpoint(string Host, IPAddress Address, int Port, bool IsLocalhost)
{
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
        foreach (string url in parts)
        {
            string shown = Redaction.Redact(url);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                wrong.Add($"'{shown}' is not an absolute http URL (e.g. http://127.0.0.1:5080).");
                continue;
            }
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                wrong.Add($"'{shown}': https needs a certificate, and the gateway cannot be given one yet; listen on http on loopback.");
                continue;
            }
            if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                wrong.Add($"'{shown}': give only scheme, host and port (no user, path, query or fragment), e.g. http://127.0.0.1:5080.");
                continue;
            }
            if (!uri.IsLoopback)
            {
                wrong.Add($"'{shown}' is not a loopback address; only 127.0.0.1, [::1] or localhost are allowed.");
                continue;
            }
            bool localhost = uri.HostNameType == UriHostNameType.Dns;
            var address = localhost ? IPAddress.Loopback : IPAddress.Parse(uri.IdnHost);
            found.Add(new ListenEndpoint(uri.Host, address, uri.Port, localhost));
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
