using System.Text.RegularExpressions;

namespace EdgeMargin.Serving;

/// <summary>
/// Removes credentials from text that may reach a client, a console or a log: the user info of any URL in it
/// (<c>user:password@</c>). Every message that quotes a configured URL or an exception's text goes through here.
/// </summary>
public static partial class Redaction
{
    /// <summary>The text with every URL's user info replaced by <c>***@</c>.</summary>
    public static string Redact(string? text) => text is null ? "" : UserInfo().Replace(text, "//***@");

    /// <summary>The text with <paramref name="secret"/> (an API key) and every URL's user info removed.</summary>
    public static string Redact(string? text, string? secret)
    {
        string shown = Redact(text);
        return string.IsNullOrEmpty(secret) ? shown : shown.Replace(secret, "***", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"//[^/@\s'""]*@")]
    private static partial Regex UserInfo();
}
