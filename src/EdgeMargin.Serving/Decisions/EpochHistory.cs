using System.Collections.Concurrent;

namespace EdgeMargin.Serving.Decisions;

/// <summary>The most recent epochs, for inspection (<c>GET /v1/epochs/{id}</c>) and cross-checking; oldest evicted first.</summary>
public sealed class EpochHistory(int capacity)
{
    private readonly ConcurrentDictionary<long, EpochRecord> _byId = new();
    private readonly ConcurrentQueue<long> _order = new();

    /// <summary>How many epochs are kept.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Adds an epoch, evicting the oldest past capacity.</summary>
    public void Add(EpochRecord record)
    {
        _byId[record.Id] = record;
        _order.Enqueue(record.Id);
        while (_order.Count > Capacity && _order.TryDequeue(out long old)) _byId.TryRemove(old, out _);
    }

    /// <summary>The epoch with <paramref name="id"/>, if still kept.</summary>
    public bool TryGet(long id, out EpochRecord record) => _byId.TryGetValue(id, out record!);
}
