using System.Diagnostics;

namespace EdgeMargin.Serving.Decisions;

/// <summary>A validated request waiting for its epoch; completed by the batcher with the device's decision.</summary>
internal sealed class PendingDecision(DeviceDemand demand)
{
    public DeviceDemand Demand { get; } = demand;

    /// <summary>Arrival time on the <see cref="Stopwatch"/> clock.</summary>
    public long ArrivedTicks { get; } = Stopwatch.GetTimestamp();

    public TaskCompletionSource<DecideResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
