using System.Threading.RateLimiting;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Http;
using EdgeMargin.Serving.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace EdgeMargin.Serving.Security;

/// <summary>
/// Checks the bearer key of every request against the keys in force (RFC 6750): none, malformed, unknown or revoked is
/// 401 with <c>WWW-Authenticate: Bearer</c>; a valid key of the wrong kind (a device key on <c>/metrics</c>) is 403. Every
/// refusal is a problem document that names what to do and never quotes the key. The key that passed is attached to the
/// request (<see cref="Of"/>), and the rate limiter partitions on its name.
/// </summary>
internal sealed class Authenticator(CredentialStore store, string operatorMode, GatewayMetrics metrics)
{
    private const string ItemKey = "edgemargin.key";
    private const string Realm = "Bearer realm=\"edgemargin\"";

    /// <summary>The key a request presented and that passed, or null (anonymous, or open endpoint).</summary>
    public static KnownKey? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var key) ? key as KnownKey : null;

    /// <summary>Whether device endpoints need a key.</summary>
    public bool RequiresDeviceKeys => store.RequiresKeys;

    /// <summary>What a path needs: nothing (health), an operator key, or a device key (everything else, unknown paths too).</summary>
    public static KeyScope? ScopeOf(PathString path)
    {
        if (path.StartsWithSegments("/healthz")) return null;
        if (path.StartsWithSegments("/metrics") || path.StartsWithSegments("/v1/epochs")) return KeyScope.Operator;
        return KeyScope.Device;
    }

    /// <summary>True when the request may go on; otherwise the refusal has been written.</summary>
    public async ValueTask<bool> AuthorizeAsync(HttpContext context)
    {
        var scope = ScopeOf(context.Request.Path);
        if (scope is null) return true;
        if (scope == KeyScope.Operator)
        {
            if (operatorMode == OperatorModes.Off)
            {
                metrics.Rejections.Increment("disabled");
                await Problem.WriteAsync(context, StatusCodes.Status404NotFound, "Endpoint disabled",
                    $"{context.Request.Path} is turned off on this gateway (auth.operatorEndpoints is 'off').");
                return false;
            }
            if (operatorMode == OperatorModes.Open) return true;
        }
        else if (!store.RequiresKeys) return true;

        string? header = context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return await RefuseAsync(context, "missing", StatusCodes.Status401Unauthorized, Realm, "Key required",
                $"This endpoint needs {(scope == KeyScope.Operator ? "an operator" : "a device")} key: send 'Authorization: Bearer <key>'.");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length == "Bearer ".Length)
            return await RefuseAsync(context, "malformed", StatusCodes.Status401Unauthorized, Realm + ", error=\"invalid_request\"", "Malformed credentials",
                "The Authorization header must be 'Bearer <key>' (RFC 6750); no other scheme is accepted.");
        string token = header["Bearer ".Length..].Trim();
        if (token.Length > ApiKey.MaxLength || !store.Keys.TryGet(ApiKey.Hash(token), out var key))
            return await RefuseAsync(context, "unknown", StatusCodes.Status401Unauthorized, Realm + ", error=\"invalid_token\"", "Invalid key",
                "The key presented is not a key of this gateway. Check the key the device was given.");
        if (key.Revoked)
            return await RefuseAsync(context, "revoked", StatusCodes.Status401Unauthorized, Realm + ", error=\"invalid_token\", error_description=\"revoked\"", "Key revoked",
                $"The key '{key.Id}' has been revoked; ask the operator for a new one. Answer locally meanwhile.");
        if (key.Scope != scope)
            return await RefuseAsync(context, "scope", StatusCodes.Status403Forbidden, Realm + ", error=\"insufficient_scope\"", "Wrong kind of key",
                $"The key '{key.Id}' is {(key.Scope == KeyScope.Device ? "a device" : "an operator")} key; {context.Request.Path} needs {(scope == KeyScope.Operator ? "an operator" : "a device")} key.");
        context.Items[ItemKey] = key;
        return true;
    }

    private async ValueTask<bool> RefuseAsync(HttpContext context, string reason, int status, string challenge, string title, string detail)
    {
        metrics.AuthFailures.Increment(reason);
        context.Response.Headers.WWWAuthenticate = challenge;
        await Problem.WriteAsync(context, status, title, detail);
        return false;
    }

    /// <summary>
    /// The per-device limiter: one token bucket per device key (its own rate, or the <c>auth</c> default), none for
    /// operator keys and health checks; without keys, one bucket per client address when a default rate is set.
    /// </summary>
    public static PartitionedRateLimiter<HttpContext> DeviceLimiter(AuthOptions? auth) =>
        PartitionedRateLimiter.Create<HttpContext, (string Who, double Rate, int Burst)>(context =>
        {
            if (ScopeOf(context.Request.Path) != KeyScope.Device) return RateLimitPartition.GetNoLimiter(("", 0.0, 0));
            if (Of(context) is { } key)
                return key.RatePerS is double rate ? Bucket(("key:" + key.Id, rate, key.Burst)) : RateLimitPartition.GetNoLimiter(("", 0.0, 0));
            if (auth?.RatePerS is double anonymous)
                return Bucket(("ip:" + context.Connection.RemoteIpAddress, anonymous, auth.Burst ?? RateLimit.DefaultBurst(anonymous)));
            return RateLimitPartition.GetNoLimiter(("", 0.0, 0));
        });

    /// <summary>A token bucket refilled at least every 100 ms (the partitioned limiter's replenishment tick), at the given rate.</summary>
    private static RateLimitPartition<(string, double, int)> Bucket((string Who, double Rate, int Burst) partition) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, p =>
        {
            var period = TimeSpan.FromSeconds(Math.Max(0.1, 1 / p.Item2));
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = p.Item3,
                TokensPerPeriod = Math.Max(1, (int)Math.Round(p.Item2 * period.TotalSeconds)),
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        });

    /// <summary>Answers a request the limiter refused: 429 with Retry-After, naming the key (never the key itself).</summary>
    public static Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected(GatewayMetrics metrics) => async (rejected, _) =>
    {
        var context = rejected.HttpContext;
        string who = Of(context)?.Id ?? "anonymous";
        metrics.Rejections.Increment("rate_limited");
        metrics.RateLimited.Increment(who);
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retry) ? retry : TimeSpan.FromSeconds(1);
        await Problem.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Rate limit exceeded",
            $"'{who}' sends more requests than its rate limit allows. Answer this query locally, or retry after the Retry-After delay.", retryAfter: wait);
    };
}
