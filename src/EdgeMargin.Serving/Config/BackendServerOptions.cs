namespace EdgeMargin.Serving.Config;

/// <summary>One edge server the gateway schedules onto, and the OpenAI-compatible backend that answers for it.</summary>
public sealed record BackendServerOptions
{
    /// <summary>Stable identifier returned in decisions and used in the <c>X-EdgeMargin-Server</c> header.</summary>
    public string? Id { get; init; }

    /// <summary>Uplink bandwidth B_j, Hz; defaults to the parameters' bandwidth (1e8).</summary>
    public double? BandwidthHz { get; init; }

    /// <summary>Compute capacity C_ES_j, FLOP/s; defaults to multiplier x C_max (1.513e16), the paper's mean.</summary>
    public double? CapacityFlops { get; init; }

    /// <summary>
    /// Base URL of the server's OpenAI-compatible API including its version path, e.g. <c>http://127.0.0.1:8080/v1</c>;
    /// the gateway forwards to <c>{baseUrl}/chat/completions</c>. Null: the server is scheduled but cannot answer prompts.
    /// </summary>
    public string? BaseUrl { get; init; }

    /// <summary>Bearer key sent to the backend (optional; the device's own Authorization header is forwarded otherwise).</summary>
    public string? ApiKey { get; init; }
}
