namespace EdgeMargin.Serving.Load;

/// <summary>A bounded load test against a gateway on loopback.</summary>
public sealed record LoadTestOptions
{
    /// <summary>Most concurrent virtual devices.</summary>
    public const int MaxUsers = 2048;

    /// <summary>Highest target rate, requests per second.</summary>
    public const double MaxRate = 200_000;

    /// <summary>Longest run, seconds.</summary>
    public const double MaxDurationS = 600;

    /// <summary>The gateway's base URL (loopback only).</summary>
    public required Uri Url { get; init; }

    /// <summary>Concurrent virtual devices; each has at most one request in flight.</summary>
    public int Users { get; init; } = 64;

    /// <summary>Target total rate, decide requests per second, spread evenly over the devices.</summary>
    public double Rate { get; init; } = 5000;

    /// <summary>How long to send, seconds.</summary>
    public double DurationS { get; init; } = 10;

    /// <summary>Seed for the devices' synthetic queries and channels.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Client deadline per decision; past it the device would answer locally (counted as a fallback).</summary>
    public TimeSpan DecideDeadline { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!LoopbackUrls.IsLoopback(Url.ToString(), out string why)) problems.Add($"--url: {why} The load generator only targets this machine.");
        if (Users is < 1 or > MaxUsers) problems.Add($"--users must lie in [1, {MaxUsers}] (got {Users}).");
        if (!(Rate >= 1 && Rate <= MaxRate)) problems.Add($"--rate must lie in [1, {MaxRate}] requests/s (got {Rate}).");
        if (!(DurationS >= 0.1 && DurationS <= MaxDurationS)) problems.Add($"--duration must lie in [0.1, {MaxDurationS}] s (got {DurationS}).");
        if (!(DecideDeadline > TimeSpan.Zero)) problems.Add($"--deadline-ms must be > 0 (got {DecideDeadline.TotalMilliseconds}).");
        return problems;
    }
}
