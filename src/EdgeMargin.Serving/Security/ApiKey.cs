using System.Security.Cryptography;
using System.Text;

namespace EdgeMargin.Serving.Security;

/// <summary>
/// Device and operator keys: made from 32 random bytes, stored only as their SHA-256. A key of 256 random bits needs no
/// slow password hash (bcrypt and the like protect low-entropy passwords from guessing; nobody guesses 2^256), so a
/// request costs one SHA-256 of its bearer token (well under a microsecond) and the keys file reveals no key.
/// </summary>
public static class ApiKey
{
    /// <summary>Prefix of keys made here, so that a leaked one is recognisable (secret scanners match on it).</summary>
    public const string Prefix = "emk_";

    /// <summary>Longest bearer token looked at; longer ones are refused unhashed.</summary>
    public const int MaxLength = 512;

    /// <summary>A new key: the prefix and 32 random bytes in base64url (47 characters in all).</summary>
    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The SHA-256 of the key's UTF-8 bytes, lower-case hex: what the keys file stores.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Whether <paramref name="hash"/> has the form of <see cref="Hash"/>'s output (64 hex digits, either case).</summary>
    public static bool IsHash(string? hash) => hash is { Length: 64 } && hash.All(Uri.IsHexDigit);
}
