using EdgeMargin.Offloading;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Serving.Decisions;

/// <summary>
/// Decides one epoch of validated requests with an <see cref="IOffloadingPolicy"/>, over the servers of a
/// <see cref="ServerSet"/> that are available at that moment. Knows nothing of batching, HTTP or metrics.
/// </summary>
/// <remarks>
/// Devices report one channel gain per configured server; the decider keeps the columns of the available servers
/// only, so an unavailable server is absent from the scenario and no policy can place anyone on it. With no server
/// available every device answers locally and users above tau are counted as unserved.
/// </remarks>
internal sealed class EpochDecider
{
    /// <summary>Stream of the per-epoch policy seeds, apart from every other use of the configured seed.</summary>
    private const ulong SeedStream = 0x6A7E_0001;

    private readonly SystemParameters _parameters;
    private readonly PolicyContext _context;
    private readonly TimeProvider _time;
    private readonly string _mode;

    public EpochDecider(SystemParameters parameters, ServerSet servers, IOffloadingPolicy policy, PolicyContext context, TimeProvider time)
    {
        _parameters = parameters;
        Servers = servers;
        Policy = policy;
        _context = context;
        _time = time;
        _mode = parameters.Mode.ToString().ToLowerInvariant();
    }

    /// <summary>The policy deciding each epoch.</summary>
    public IOffloadingPolicy Policy { get; }

    /// <summary>The servers, with their availability.</summary>
    public ServerSet Servers { get; }

    /// <summary>The greedy engine the policy's context names.</summary>
    public string EngineName => _context.Engine.Name;

    /// <summary>The threshold tau.</summary>
    public double Tau => _context.Tau;

    /// <summary>Decides epoch <paramref name="id"/> of <paramref name="demands"/> (in order; each row has one gain per configured server).</summary>
    public EpochRecord Decide(long id, IReadOnlyList<DeviceDemand> demands)
    {
        long started = _time.GetTimestamp();
        var available = Servers.Current;
        int n = demands.Count, m = available.Servers.Count;
        var users = new UserDemand[n];
        for (int i = 0; i < n; i++) users[i] = demands[i].Demand;
        ulong seed = SeededRandom.ForStream(_context.Seed ^ (ulong)id, SeedStream).NextUInt64();
        var gains = new double[n * m];
        Assignment assignment;
        var delays = new double[n];
        if (m == 0)
        {
            int forced = users.Count(u => u.Uncertainty > _context.Tau);
            assignment = new Assignment(Enumerable.Repeat(Assignment.Local, n).ToArray(), forced);
            for (int i = 0; i < n; i++) delays[i] = users[i].LocalDelayS;
        }
        else
        {
            var columns = available.ConfiguredIndices;
            for (int i = 0; i < n; i++)
            {
                var row = demands[i].ChannelGains;
                for (int k = 0; k < m; k++) gains[i * m + k] = row[columns[k]];
            }
            var scenario = Scenario.Create(_parameters, users, available.Servers, gains);
            assignment = Policy.Decide(scenario, _context with { Seed = seed });
            if (assignment.UserCount != n || !assignment.IsValidFor(m))
                throw new InvalidOperationException($"Policy '{Policy.Name}' returned an assignment that does not fit an epoch of {n} users and {m} servers.");
            var outcome = OutcomeEvaluator.Evaluate(scenario, assignment);
            for (int i = 0; i < n; i++) delays[i] = outcome.Users[i].DelayS;
        }
        return new EpochRecord
        {
            Id = id,
            Users = users,
            Servers = available.Servers,
            ConfiguredIndices = available.ConfiguredIndices,
            Unavailable = available.Unavailable,
            ChannelGains = gains,
            Assignment = assignment,
            PredictedDelayS = delays,
            Tau = _context.Tau,
            Policy = Policy.Name,
            EngineName = _context.Engine.Name,
            Seed = seed,
            Mode = _mode,
            DecideSeconds = _time.GetElapsedTime(started).TotalSeconds,
            DecidedAtUtc = _time.GetUtcNow(),
        };
    }
}
