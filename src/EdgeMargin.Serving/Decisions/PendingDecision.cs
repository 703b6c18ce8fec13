using System.Diagnostics;

namespace EdgeMargin.Serving.Decisions;

/// <summary>A validated request waiting for its epoch; completed by the batcher with the device's decision.</summary>
internal sealed class PendingDecision(DeviceDemand demand, CancellationToken abandoned = default)
{
    public DeviceDemand Demand { get; } = demand;

    /// <summary>Cancelled when the device stopped waiting (it answers locally); such requests are left out of the epoch.</summary>
    public CancellationToken Abandoned { get; } = abandoned;

    /// <summary>Arrival time on the <see cref="Stopwatch"/> clock.</summary>
    public long ArrivedTicks { get; } = Stopwatch.GetTimestamp();

    public TaskCompletionSource<DecideResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
