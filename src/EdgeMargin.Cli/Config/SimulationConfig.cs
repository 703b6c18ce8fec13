using EdgeMargin.Scenarios;
using EdgeMargin.Workloads;

namespace EdgeMargin.Cli.Config;

/// <summary>The <c>--config FILE</c> of <c>simulate</c>: system constants, channel model, workload assumptions and server positions.</summary>
internal sealed record SimulationConfig
{
    /// <summary>System constants (any subset; the rest keep the paper's defaults).</summary>
    public SystemParameters? Parameters { get; init; }

    /// <summary>Synthetic workload assumptions (any subset).</summary>
    public SyntheticWorkloadOptions? Workload { get; init; }

    /// <summary>Channel model turning positions into gains (default: free space with Rayleigh fading).</summary>
    public ChannelOptions? Channel { get; init; }

    /// <summary>Explicit edge server positions, metres; overrides <c>--servers</c>.</summary>
    public IReadOnlyList<ServerPosition>? Servers { get; init; }

    internal sealed record ServerPosition(double X, double Y);
}
