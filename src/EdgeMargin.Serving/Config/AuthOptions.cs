namespace EdgeMargin.Serving.Config;

/// <summary>
/// Who may use the gateway (the <c>auth</c> section of the config): device keys for the device endpoints, operator keys
/// for <c>/metrics</c> and <c>/v1/epochs</c>, and per-device rate limits. The keys themselves live in
/// <see cref="KeysFile"/>, only as SHA-256 hashes, and that file is read again without a restart (on change, or SIGHUP).
/// </summary>
public sealed record AuthOptions
{
    /// <summary>The keys file (JSON: <c>deviceKeys</c>, <c>operatorKeys</c>, see docs/serving.md); relative to the config file's folder.</summary>
    public string? KeysFile { get; init; }

    /// <summary>Serve without device keys even on an address other machines can reach (an explicit choice; off by default).</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>
    /// <c>/metrics</c> and <c>/v1/epochs</c>: "key" (an operator key is needed; the default once a keys file is set),
    /// "open" (anyone who can reach the gateway; the default without one) or "off" (404).
    /// </summary>
    public string? OperatorEndpoints { get; init; }

    /// <summary>Default sustained rate per device key, requests/s (a key may set its own); null: no limit.</summary>
    public double? RatePerS { get; init; }

    /// <summary>Default burst per device key: requests that may come at once before the rate applies; default max(1, 2 x rate).</summary>
    public int? Burst { get; init; }

    /// <summary>These options with the keys file's path made absolute against <paramref name="directory"/>.</summary>
    public AuthOptions ResolvedAgainst(string directory) => this with { KeysFile = TlsOptions.Resolve(KeysFile, directory) };

    /// <summary>The operator endpoints' mode in force.</summary>
    public string EffectiveOperatorEndpoints => OperatorEndpoints ?? (KeysFile is null ? OperatorModes.Open : OperatorModes.Key);

    /// <summary>Every problem, naming the field.</summary>
    public IEnumerable<string> Validate()
    {
        if (KeysFile is not null && string.IsNullOrWhiteSpace(KeysFile)) yield return "auth.keysFile: blank; give the keys file, or leave the field out.";
        if (OperatorEndpoints is string mode && !OperatorModes.All.Contains(mode))
            yield return $"auth.operatorEndpoints: '{mode}' is not a mode; use {string.Join(", ", OperatorModes.All.Select(m => $"'{m}'"))}.";
        if (EffectiveOperatorEndpoints == OperatorModes.Key && KeysFile is null)
            yield return "auth.operatorEndpoints: 'key' needs operator keys, so set auth.keysFile too.";
        foreach (string p in RateLimit.Validate(RatePerS, Burst, "auth")) yield return p;
    }
}

/// <summary>The values of <see cref="AuthOptions.OperatorEndpoints"/>.</summary>
public static class OperatorModes
{
    /// <summary>An operator key is needed.</summary>
    public const string Key = "key";

    /// <summary>No key is needed.</summary>
    public const string Open = "open";

    /// <summary>The endpoints answer 404.</summary>
    public const string Off = "off";

    /// <summary>Every mode.</summary>
    public static IReadOnlyList<string> All { get; } = [Key, Open, Off];
}

/// <summary>A token bucket's two numbers, checked alike wherever they are given.</summary>
public static class RateLimit
{
    /// <summary>Highest rate accepted, requests/s.</summary>
    public const double MaxRatePerS = 1_000_000;

    /// <summary>The burst in force for <paramref name="ratePerS"/> when none is given.</summary>
    public static int DefaultBurst(double ratePerS) => (int)Math.Clamp(Math.Ceiling(2 * ratePerS), 1, int.MaxValue);

    /// <summary>Problems with a rate and burst given at <paramref name="at"/>.</summary>
    public static IEnumerable<string> Validate(double? ratePerS, int? burst, string at)
    {
        if (ratePerS is double r && !(r > 0 && r <= MaxRatePerS)) yield return $"{at}.ratePerS: must lie in (0, {MaxRatePerS}] requests/s (got {r}); leave it out for no limit.";
        if (burst is int b && b < 1) yield return $"{at}.burst: must be at least 1 (got {b}).";
        if (burst is not null && ratePerS is null) yield return $"{at}.burst: set ratePerS too; a burst alone limits nothing.";
    }
}
