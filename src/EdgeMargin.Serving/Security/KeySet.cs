using System.Text.Json;
using EdgeMargin.Serving.Config;

namespace EdgeMargin.Serving.Security;

/// <summary>One key of the keys file: its name (what logs and metrics show), its hash, and its limits.</summary>
public sealed record KeyEntry
{
    /// <summary>The key's name: a device, a fleet of devices or an operator. Shown in logs and metrics instead of the key.</summary>
    public string? Id { get; init; }

    /// <summary>SHA-256 of the key, hex (see <see cref="ApiKey.Hash"/>).</summary>
    public string? Sha256 { get; init; }

    /// <summary>A revoked key is refused with a message that says so (rather than as unknown), until it is removed.</summary>
    public bool Revoked { get; init; }

    /// <summary>This key's sustained rate, requests/s (device keys); null: the <c>auth.ratePerS</c> default.</summary>
    public double? RatePerS { get; init; }

    /// <summary>This key's burst (device keys); null: the <c>auth.burst</c> default.</summary>
    public int? Burst { get; init; }
}

/// <summary>The keys file's content.</summary>
public sealed record KeysFileContent
{
    /// <summary>Keys for the device endpoints (decide, chat/completions, completions, models).</summary>
    public IReadOnlyList<KeyEntry?>? DeviceKeys { get; init; }

    /// <summary>Keys for the operator endpoints (/metrics, /v1/epochs).</summary>
    public IReadOnlyList<KeyEntry?>? OperatorKeys { get; init; }
}

/// <summary>What a presented key is.</summary>
public enum KeyScope
{
    /// <summary>A device key.</summary>
    Device,

    /// <summary>An operator key.</summary>
    Operator,
}

/// <summary>A known key, as a request carries it through the gateway: its name, its scope and its rate limit.</summary>
/// <param name="Id">The key's name (never the key).</param>
/// <param name="Scope">Device or operator.</param>
/// <param name="Revoked">Whether the key is revoked.</param>
/// <param name="RatePerS">Sustained rate, requests/s; null: unlimited.</param>
/// <param name="Burst">Requests allowed at once.</param>
public sealed record KnownKey(string Id, KeyScope Scope, bool Revoked, double? RatePerS, int Burst);

/// <summary>The keys in force at one moment, by hash. Immutable: a reload swaps the whole set.</summary>
public sealed class KeySet
{
    private readonly Dictionary<string, KnownKey> _byHash;

    private KeySet(Dictionary<string, KnownKey> byHash, int devices, int operators, int revoked)
    {
        _byHash = byHash;
        DeviceKeys = devices;
        OperatorKeys = operators;
        RevokedKeys = revoked;
    }

    /// <summary>No keys (authentication off).</summary>
    public static KeySet Empty { get; } = new(new Dictionary<string, KnownKey>(), 0, 0, 0);

    /// <summary>Device keys, revoked ones included.</summary>
    public int DeviceKeys { get; }

    /// <summary>Operator keys, revoked ones included.</summary>
    public int OperatorKeys { get; }

    /// <summary>Revoked keys.</summary>
    public int RevokedKeys { get; }

    /// <summary>The key whose SHA-256 is <paramref name="hash"/> (lower-case hex), if any.</summary>
    public bool TryGet(string hash, out KnownKey key) => _byHash.TryGetValue(hash, out key!);

    /// <summary>Reads and checks a keys file; the exception lists every problem with its place.</summary>
    /// <exception cref="GatewayConfigException">The file is missing, unreadable, not valid JSON or has invalid entries.</exception>
    public static KeySet Load(string path, AuthOptions auth)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GatewayConfigException(path, [$"cannot read the keys file ({ex.Message}); check auth.keysFile and that the gateway's user may read it."]);
        }
        KeysFileContent? content;
        try { content = JsonSerializer.Deserialize<KeysFileContent>(text, GatewayConfig.JsonOptions); }
        catch (JsonException ex)
        {
            string where = ex.Path is { Length: > 0 } p ? $" at {p}" : "";
            string line = ex.LineNumber is long l ? $" (line {l + 1})" : "";
            throw new GatewayConfigException(path, [$"not a valid keys file{where}{line}: {GatewayConfig.Trim(ex.Message)}"]);
        }
        if (content is null) throw new GatewayConfigException(path, ["the file holds JSON null; it must be an object with deviceKeys and operatorKeys."]);
        var problems = new List<string>();
        var byHash = new Dictionary<string, KnownKey>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int revoked = 0;
        void Add(IReadOnlyList<KeyEntry?>? list, string field, KeyScope scope)
        {
            for (int k = 0; k < (list?.Count ?? 0); k++)
            {
                string at = $"{field}[{k}]";
                var e = list![k];
                if (e is null) { problems.Add($"{at}: is null; give an object {{\"id\": ..., \"sha256\": ...}}."); continue; }
                if (string.IsNullOrWhiteSpace(e.Id)) problems.Add($"{at}.id: missing; name the device or operator the key belongs to (shown in logs instead of the key).");
                else if (e.Id.Length > 128 || e.Id.Any(char.IsControl)) problems.Add($"{at}.id: at most 128 printable characters.");
                else if (!ids.Add(e.Id)) problems.Add($"{at}.id: '{e.Id}' is used twice; key names must be unique.");
                if (!ApiKey.IsHash(e.Sha256))
                    problems.Add($"{at}.sha256: must be the 64 hex digits of the key's SHA-256 (make one with 'edgemargin serve hash-key'); the file never holds a key itself.");
                if (scope == KeyScope.Operator && (e.RatePerS is not null || e.Burst is not null)) problems.Add($"{at}: operator keys have no rate limit; remove ratePerS and burst.");
                problems.AddRange(RateLimit.Validate(e.RatePerS, e.Burst, at));
                if (!ApiKey.IsHash(e.Sha256) || string.IsNullOrWhiteSpace(e.Id)) continue;
                double? rate = e.RatePerS ?? auth.RatePerS;
                int burst = e.Burst ?? (e.RatePerS is double own ? RateLimit.DefaultBurst(own) : auth.Burst ?? (rate is double r ? RateLimit.DefaultBurst(r) : 1));
                if (!byHash.TryAdd(e.Sha256!.ToLowerInvariant(), new KnownKey(e.Id!, scope, e.Revoked, scope == KeyScope.Device ? rate : null, burst)))
                    problems.Add($"{at}.sha256: the same key is listed twice; each key has one entry.");
                if (e.Revoked) revoked++;
            }
        }
        Add(content.DeviceKeys, "deviceKeys", KeyScope.Device);
        Add(content.OperatorKeys, "operatorKeys", KeyScope.Operator);
        if (problems.Count > 0) throw new GatewayConfigException(path, problems);
        return new KeySet(byHash, content.DeviceKeys?.Count ?? 0, content.OperatorKeys?.Count ?? 0, revoked);
    }
}
