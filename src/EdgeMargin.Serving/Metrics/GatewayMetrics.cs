using System.Globalization;
using System.Text;

namespace EdgeMargin.Serving.Metrics;

/// <summary>Everything <c>GET /metrics</c> reports, in the Prometheus text exposition format (version 0.0.4).</summary>
public sealed class GatewayMetrics
{
    private Func<long> _pending = () => 0;

    /// <summary>HTTP requests by endpoint.</summary>
    public LabeledCounter Requests { get; } = new("edgemargin_requests_total", "HTTP requests received, by endpoint.", "endpoint");

    /// <summary>Decisions by kind (local, offload).</summary>
    public LabeledCounter Decisions { get; } = new("edgemargin_decisions_total", "Per-device decisions, by kind.", "kind");

    /// <summary>Rejected requests by reason (invalid, too_large, overloaded, ...).</summary>
    public LabeledCounter Rejections { get; } = new("edgemargin_rejections_total", "Requests refused, by reason.", "reason");

    /// <summary>Pass-through requests by server.</summary>
    public LabeledCounter BackendRequests { get; } = new("edgemargin_backend_requests_total", "Prompts forwarded to edge backends, by server.", "server");

    /// <summary>Backend failures by server (unreachable, timeout, status >= 500).</summary>
    public LabeledCounter BackendErrors { get; } = new("edgemargin_backend_errors_total", "Backend failures (unreachable, timeout, 5xx, broken stream), by server.", "server");

    /// <summary>Requests refused for their credentials, by reason (missing, malformed, unknown, revoked, scope).</summary>
    public LabeledCounter AuthFailures { get; } = new("edgemargin_auth_failures_total", "Requests refused for their key, by reason.", "reason");

    /// <summary>Requests refused by the rate limiter, by key name.</summary>
    public LabeledCounter RateLimited { get; } = new("edgemargin_rate_limited_total", "Requests over their device's rate limit, by key name.", "key");

    /// <summary>Requests per decided epoch.</summary>
    public Histogram EpochSize { get; } = new("edgemargin_epoch_size", "Requests decided together in one epoch.",
        [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);

    /// <summary>Time spent building the scenario and running GOA, per epoch.</summary>
    public Histogram EpochDecideSeconds { get; } = new("edgemargin_epoch_decide_seconds", "Time to build one epoch's scenario and run GOA.",
        [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1]);

    /// <summary>Per request, arrival to decision (epoch window included).</summary>
    public Histogram DecisionLatencySeconds { get; } = new("edgemargin_decision_latency_seconds", "Per request: arrival at the gateway to decision, epoch window included.",
        [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 5]);

    /// <summary>Requests waiting for or inside an epoch now.</summary>
    public long Pending => _pending();

    /// <summary>Where the pending count is read from (the batcher's own counter, so the gauge is never stale).</summary>
    internal void TrackPending(Func<long> source) => _pending = source;

    /// <summary>Creates the metrics with the always-present series at zero.</summary>
    public GatewayMetrics(IEnumerable<string> serverIds)
    {
        Decisions.Touch("local");
        Decisions.Touch("offload");
        foreach (string id in serverIds)
        {
            BackendRequests.Touch(id);
            BackendErrors.Touch(id);
        }
    }

    /// <summary>The whole exposition document.</summary>
    public string Render()
    {
        var sb = new StringBuilder(4096);
        Requests.Write(sb);
        Decisions.Write(sb);
        Rejections.Write(sb);
        BackendRequests.Write(sb);
        BackendErrors.Write(sb);
        AuthFailures.Write(sb);
        RateLimited.Write(sb);
        EpochSize.Write(sb);
        EpochDecideSeconds.Write(sb);
        DecisionLatencySeconds.Write(sb);
        sb.Append("# HELP edgemargin_pending_requests Requests queued or inside an open epoch.\n# TYPE edgemargin_pending_requests gauge\n");
        sb.Append("edgemargin_pending_requests ").Append(Pending.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }
}
