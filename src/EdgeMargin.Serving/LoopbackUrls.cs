namespace EdgeMargin.Serving;

/// <summary>This project only talks to 127.0.0.1: every URL the tools bind or call is checked here.</summary>
public static class LoopbackUrls
{
    /// <summary>True when <paramref name="url"/> is an absolute http(s) URL on a loopback host.</summary>
    public static bool IsLoopback(string url, out string problem)
    {
        problem = "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"'{url}' is not an absolute http(s) URL (e.g. http://127.0.0.1:5080).";
            return false;
        }
        if (!uri.IsLoopback)
        {
            problem = $"'{url}' is not a loopback address; only 127.0.0.1, [::1] or localhost are allowed.";
            return false;
        }
        return true;
    }
}
