using EdgeMargin.Uncertainty;

namespace EdgeMargin.Serving.Client;

/// <summary>How the device-side client reaches the gateway and how long it waits before answering locally.</summary>
public sealed record EdgeMarginClientOptions
{
    /// <summary>The gateway's base address, e.g. http://127.0.0.1:5080/.</summary>
    public required Uri Gateway { get; init; }

    /// <summary>Longest wait for a decision (epoch window included) before answering locally.</summary>
    public TimeSpan DecideDeadline { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait for the edge server's answer before answering locally.</summary>
    public TimeSpan OffloadDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Model name sent to the edge backend.</summary>
    public string Model { get; init; } = "default";

    /// <summary>max_tokens sent to the edge backend (null: the backend's default).</summary>
    public int? MaxTokens { get; init; } = 64;

    /// <summary>
    /// Sampling temperature sent to the edge backend. 0 (the default) asks for the most probable answer, the one the
    /// gateway's decision was scored for, and makes identical queries get identical answers; a server left to its own
    /// default samples (llama-server: 0.8, three identical requests gave three answers). Null sends none.
    /// </summary>
    public double? Temperature { get; init; } = 0;

    /// <summary>The signal computed from the top-k list (the paper's margin by default).</summary>
    public IUncertaintySignal Signal { get; init; } = MarginSignal.Instance;

    /// <summary>K of the reference merge procedure.</summary>
    public int K { get; init; } = 10;
}
