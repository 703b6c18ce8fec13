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

    /// <summary>Explicit edge servers (positions in metres, optionally a fixed capacity and bandwidth each); overrides <c>--servers</c>.</summary>
    public IReadOnlyList<ServerSpec>? Servers { get; init; }

    /// <summary>
    /// One server of the config: where it stands and, for heterogeneous servers, what it fixes instead of the generator's
    /// draw (<c>capacityFlops</c>) or the physical bandwidth (<c>bandwidthHz</c>).
    /// </summary>
    internal sealed record ServerSpec
    {
        /// <summary>x position, metres.</summary>
        public required double X { get; init; }

        /// <summary>y position, metres.</summary>
        public required double Y { get; init; }

        /// <summary>Fixed compute capacity C_j, FLOP/s (null: drawn as the generator says).</summary>
        public double? CapacityFlops { get; init; }

        /// <summary>Fixed bandwidth B_j, Hz (null: physical.bandwidthHz).</summary>
        public double? BandwidthHz { get; init; }
    }
}
