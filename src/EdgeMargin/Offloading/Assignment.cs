namespace EdgeMargin.Offloading;

/// <summary>
/// A decision for one epoch: for each user, the index of the edge server it offloads to, or
/// <see cref="Local"/> to answer on the device. At most one server per user holds by construction.
/// </summary>
public sealed class Assignment : IEquatable<Assignment>
{
    /// <summary>The server index that means "answer locally".</summary>
    public const int Local = -1;

    private readonly int[] _serverOfUser;
    private readonly int[] _placementOrder;

    /// <summary>Creates an assignment from a copy of <paramref name="serverOfUser"/>.</summary>
    /// <param name="serverOfUser">Server index per user, or <see cref="Local"/>.</param>
    /// <param name="unservedForced">Users that had to be offloaded but had no server with a finite delay.</param>
    /// <param name="placementOrder">For greedy policies, the offloaded users in the order they were placed (optional).</param>
    public Assignment(ReadOnlySpan<int> serverOfUser, int unservedForced = 0, ReadOnlySpan<int> placementOrder = default)
    {
        _serverOfUser = serverOfUser.ToArray();
        _placementOrder = placementOrder.ToArray();
        UnservedForced = unservedForced;
        // Written without a branch: whether a user offloads is a coin toss to the branch predictor, and at N = 1000 the
        // mispredictions cost a measurable share of a fast GOA run.
        int offloaded = 0;
        foreach (int s in _serverOfUser) offloaded += s != Local ? 1 : 0;
        OffloadedCount = offloaded;
    }

    /// <summary>Every user answers locally.</summary>
    public static Assignment AllLocal(int users)
    {
        var a = new int[users];
        Array.Fill(a, Local);
        return new Assignment(a);
    }

    /// <summary>Server per user (or <see cref="Local"/>).</summary>
    public ReadOnlySpan<int> ServerOfUser => _serverOfUser;

    /// <summary>
    /// Offloaded users in the order a greedy policy placed them (empty for non-greedy policies). It lets anyone replay
    /// the decision step by step and check each step against the gaps of the moment.
    /// </summary>
    public ReadOnlySpan<int> PlacementOrder => _placementOrder;

    /// <summary>The server of user <paramref name="user"/>, or <see cref="Local"/>.</summary>
    public int this[int user] => _serverOfUser[user];

    /// <summary>Number of users N.</summary>
    public int UserCount => _serverOfUser.Length;

    /// <summary>How many users offload.</summary>
    public int OffloadedCount { get; }

    /// <summary>
    /// Users the policy had to offload (u &gt; tau) but left local because no server could serve them with a
    /// finite delay (default mode only); zero in reference mode, which sends them anyway.
    /// </summary>
    public int UnservedForced { get; }

    /// <summary>True when every entry is <see cref="Local"/> or a valid server index.</summary>
    public bool IsValidFor(int serverCount) => _serverOfUser.All(s => s == Local || (s >= 0 && s < serverCount));

    /// <inheritdoc />
    public bool Equals(Assignment? other) => other is not null && _serverOfUser.AsSpan().SequenceEqual(other._serverOfUser);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Assignment);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int s in _serverOfUser) h.Add(s);
        return h.ToHashCode();
    }
}
