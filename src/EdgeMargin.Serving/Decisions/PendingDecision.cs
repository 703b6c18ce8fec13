namespace EdgeMargin.Serving.Decisions;

/// <summary>A validated request waiting for its epoch; completed by the pipeline with the device's decision.</summary>
/// <param name="demand">The validated request.</param>
/// <param name="arrivedAt">Arrival, on the gateway's <see cref="TimeProvider"/> timestamp scale.</param>
/// <param name="abandoned">Cancelled when the device stopped waiting.</param>
internal sealed class PendingDecision(DeviceDemand demand, long arrivedAt, CancellationToken abandoned = default)
{
    public DeviceDemand Demand { get; } = demand;

    /// <summary>Cancelled when the device stopped waiting (it answers locally); such requests are left out of the epoch.</summary>
    public CancellationToken Abandoned { get; } = abandoned;

    /// <summary>Arrival time on the gateway clock's timestamp scale.</summary>
    public long ArrivedAt { get; } = arrivedAt;

    public TaskCompletionSource<DecideResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
