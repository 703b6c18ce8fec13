using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Serving.Decisions;

/// <summary>
/// One decided epoch: what the policy saw (the users, the servers available then and the channel gains to them), the
/// assignment it returned and what each device was told.
/// </summary>
public sealed record EpochRecord
{
    /// <summary>Epoch id, increasing from 1.</summary>
    public required long Id { get; init; }

    /// <summary>The users, in the order their requests were taken from the queue.</summary>
    public required IReadOnlyList<UserDemand> Users { get; init; }

    /// <summary>The servers the epoch was decided over: those available at the time, in configured order.</summary>
    public required IReadOnlyList<EdgeServer> Servers { get; init; }

    /// <summary>For each of <see cref="Servers"/>, its index among the configured servers.</summary>
    public required IReadOnlyList<int> ConfiguredIndices { get; init; }

    /// <summary>Configured servers that were unavailable and so left out of the decision.</summary>
    public required IReadOnlyList<string> Unavailable { get; init; }

    /// <summary>|h|^2 of each user to each of <see cref="Servers"/>, row-major (user i, server k at i * Servers.Count + k).</summary>
    public required double[] ChannelGains { get; init; }

    /// <summary>The policy's assignment; server indices refer to <see cref="Servers"/>.</summary>
    public required Assignment Assignment { get; init; }

    /// <summary>Per-user delay under the whole assignment, seconds (+infinity where the model gives no finite delay).</summary>
    public required double[] PredictedDelayS { get; init; }

    /// <summary>The threshold tau used.</summary>
    public required double Tau { get; init; }

    /// <summary>The policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>The greedy engine used.</summary>
    public required string EngineName { get; init; }

    /// <summary>Seed the policy was given for this epoch (random choices of random and ga are reproducible from it).</summary>
    public required ulong Seed { get; init; }

    /// <summary>Formula mode of the delay model ("default" or "reference").</summary>
    public required string Mode { get; init; }

    /// <summary>Time spent building the epoch and running the policy, seconds (on the gateway's clock).</summary>
    public required double DecideSeconds { get; init; }

    /// <summary>When the epoch was decided (on the gateway's clock).</summary>
    public required DateTimeOffset DecidedAtUtc { get; init; }
}
