using EdgeMargin.Radio;
using EdgeMargin.Radio.Channels;
using EdgeMargin.Sampling;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Scenarios;

/// <summary>
/// Draws one Monte-Carlo epoch as the paper does: users uniform in the square, channel gains from the channel model
/// (by default free-space path loss with fresh Rayleigh fading), device capacities C_L U(0.5, 1.5), edge capacities
/// 10 C_max U(0.6, 1.4), and one query per user from the workload. Geometry, workload and large-scale channel draws use
/// separate streams of the run seed (the layout is in <see cref="ChannelStreams"/>).
/// </summary>
public static class ScenarioGenerator
{
    /// <summary>Stream of the run seed used for positions, fading and capacities.</summary>
    public const ulong GeometryStream = 1;

    /// <summary>Stream of the run seed used for the workload's queries.</summary>
    public const ulong WorkloadStream = 2;

    /// <summary>Free-space power gain between a point and a server under <paramref name="parameters"/> (no fading).</summary>
    public static double PathGain(SystemParameters parameters, double x, double y, EdgeServer server)
    {
        var c = parameters.Physical;
        return PathLoss.FreeSpacePowerGain(new Link(x, y, server.X, server.Y).Distance2DM, c.CarrierHz, c.SpeedOfLightMps, c.MinDistanceM);
    }

    /// <summary>
    /// Generates an epoch with <paramref name="users"/> users and servers at <paramref name="serverPositions"/>, gains
    /// from <paramref name="channel"/> (null: the paper's free space with Rayleigh fading), and server j's capacity or
    /// bandwidth fixed by <paramref name="overrides"/>[j] where it gives one (null: every server drawn alike).
    /// </summary>
    public static Scenario Generate(SystemParameters parameters, IReadOnlyList<(double X, double Y)> serverPositions, int users,
        IWorkload workload, IQuerySignal signal, ulong seed, ChannelModel? channel = null, IReadOnlyList<ServerOverride>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        int m = serverPositions.Count;
        channel ??= ChannelOptions.PaperModel(parameters.Physical);
        var geo = SeededRandom.ForStream(seed, GeometryStream);
        var queries = DrawQueries(workload, users, seed);
        var c = parameters.Physical;
        var g = parameters.Generator;

        var servers = new EdgeServer[m];
        for (int j = 0; j < m; j++)
        {
            // Drawn even when fixed, so that a fixed server leaves every later draw of the stream where it was.
            double capacity = g.EdgeCapacityMultiplier * c.EdgeUserCapFlops * geo.Uniform(g.EdgeCapacityMinFactor, g.EdgeCapacityMaxFactor);
            var fixedPart = overrides is not null && j < overrides.Count ? overrides[j] : null;
            servers[j] = new EdgeServer($"es{j}", serverPositions[j].X, serverPositions[j].Y, fixedPart?.BandwidthHz ?? c.BandwidthHz, fixedPart?.CapacityFlops ?? capacity);
        }

        var demands = new UserDemand[users];
        var gains = new double[users * m];
        var fading = channel.Fading.IsRandom ? geo : null;
        for (int i = 0; i < users; i++)
        {
            double x = geo.Uniform(0, g.AreaSideM), y = geo.Uniform(0, g.AreaSideM);
            // Fading stays on the geometry stream, interleaved as the paper's generator drew it; large-scale draws
            // (LOS states, shadowing) have a sub-stream per user of their own.
            var largeScale = channel.PathLoss.IsRandom ? ChannelStreams.LargeScaleOf(seed, i) : null;
            for (int j = 0; j < m; j++)
                gains[i * m + j] = channel.PowerGain(new Link(x, y, servers[j].X, servers[j].Y), largeScale, fading);
            double deviceCapacity = c.LocalCapacityFlops * geo.Uniform(g.DeviceCapacityMinFactor, g.DeviceCapacityMaxFactor);
            var q = queries[i];
            demands[i] = new UserDemand
            {
                Id = q.Id ?? $"u{i}",
                Uncertainty = signal.Compute(q),
                PayloadBytes = q.PayloadBytes,
                LocalDelayS = q.SlmTimeS * c.LocalCapacityFlops / deviceCapacity,
                DeviceCapacityFlops = deviceCapacity,
                LlmReferenceTimeS = q.LlmTimeS,
                SlmCorrect = q.SlmCorrect,
                LlmCorrect = q.LlmCorrect,
                X = x,
                Y = y,
            };
        }
        return Scenario.Create(parameters, demands, servers, gains);
    }

    /// <summary>
    /// The queries the epoch of <paramref name="seed"/> gives its users, in user order: the first
    /// <paramref name="users"/> draws of the seed's workload stream. Tau calibration and signal analysis read queries
    /// through this, so they see exactly what a simulated epoch with that seed sees.
    /// </summary>
    public static QueryProfile[] DrawQueries(IWorkload workload, int users, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        var random = SeededRandom.ForStream(seed, WorkloadStream);
        var queries = new QueryProfile[users];
        for (int i = 0; i < users; i++) queries[i] = workload.Next(random);
        return queries;
    }
}
