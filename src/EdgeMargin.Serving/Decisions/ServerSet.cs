using EdgeMargin.Scenarios;

namespace EdgeMargin.Serving.Decisions;

/// <summary>
/// The configured edge servers and which of them may be decided onto now. The configured list never changes: it is
/// the order in which devices report their channel gains. Availability can change at any time (an operator, or a
/// backend health check); each epoch is decided over the servers available when it is decided.
/// </summary>
/// <remarks>
/// Reads take an immutable snapshot (one volatile read, no lock), so a decision never sees a half-applied change and
/// marking a server never waits for an epoch.
/// </remarks>
public sealed class ServerSet
{
    private readonly Dictionary<string, int> _indexOf;
    private readonly object _writeLock = new();
    private ServerSnapshot _current;

    /// <summary>Creates the set with every server available.</summary>
    /// <exception cref="ArgumentException">No servers, or two with the same id.</exception>
    public ServerSet(IReadOnlyList<EdgeServer> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (configured.Count == 0) throw new ArgumentException("A server set needs at least one server.", nameof(configured));
        Configured = configured.ToArray();
        _indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < Configured.Count; j++)
            if (!_indexOf.TryAdd(Configured[j].Id, j)) throw new ArgumentException($"Server id '{Configured[j].Id}' is used twice.", nameof(configured));
        _current = new ServerSnapshot(Configured, Enumerable.Range(0, Configured.Count).ToArray());
    }

    /// <summary>Every configured server, in the order devices report channel gains.</summary>
    public IReadOnlyList<EdgeServer> Configured { get; }

    /// <summary>The servers available now.</summary>
    public ServerSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Whether <paramref name="id"/> is a configured server.</summary>
    public bool Contains(string id) => _indexOf.ContainsKey(id);

    /// <summary>Whether server <paramref name="id"/> may be decided onto now.</summary>
    /// <exception cref="ArgumentException">No configured server has that id.</exception>
    public bool IsAvailable(string id) => Current.IsAvailable(IndexOf(id));

    /// <summary>Takes server <paramref name="id"/> out of the decisions from the next epoch on; true if it was available.</summary>
    /// <exception cref="ArgumentException">No configured server has that id.</exception>
    public bool MarkUnavailable(string id) => Set(IndexOf(id), available: false);

    /// <summary>Puts server <paramref name="id"/> back into the decisions from the next epoch on; true if it was unavailable.</summary>
    /// <exception cref="ArgumentException">No configured server has that id.</exception>
    public bool MarkAvailable(string id) => Set(IndexOf(id), available: true);

    private int IndexOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _indexOf.TryGetValue(id, out int j)
            ? j
            : throw new ArgumentException($"'{id}' is not a configured server; the servers are: {string.Join(", ", Configured.Select(s => s.Id))}.", nameof(id));
    }

    private bool Set(int server, bool available)
    {
        lock (_writeLock)
        {
            var now = _current;
            if (now.IsAvailable(server) == available) return false;
            var indices = Enumerable.Range(0, Configured.Count).Where(j => j == server ? available : now.IsAvailable(j)).ToArray();
            Volatile.Write(ref _current, new ServerSnapshot(Configured, indices));
            return true;
        }
    }
}

/// <summary>The servers available at one moment: their configured indices, in configured order.</summary>
public sealed class ServerSnapshot
{
    private readonly bool[] _available;

    internal ServerSnapshot(IReadOnlyList<EdgeServer> configured, int[] availableIndices)
    {
        ConfiguredIndices = availableIndices;
        Servers = availableIndices.Select(j => configured[j]).ToArray();
        _available = new bool[configured.Count];
        foreach (int j in availableIndices) _available[j] = true;
        Unavailable = configured.Where((_, j) => !_available[j]).Select(s => s.Id).ToArray();
    }

    /// <summary>The available servers, in configured order.</summary>
    public IReadOnlyList<EdgeServer> Servers { get; }

    /// <summary>For each available server, its index among the configured ones (the column of a device's gain row).</summary>
    public IReadOnlyList<int> ConfiguredIndices { get; }

    /// <summary>Ids of the configured servers that are not available.</summary>
    public IReadOnlyList<string> Unavailable { get; }

    /// <summary>Whether the configured server at <paramref name="configuredIndex"/> is available.</summary>
    public bool IsAvailable(int configuredIndex) => _available[configuredIndex];
}
