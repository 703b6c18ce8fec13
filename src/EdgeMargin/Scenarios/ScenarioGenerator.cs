using EdgeMargin.Radio;
using EdgeMargin.Sampling;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Scenarios;

/// <summary>
/// Draws one Monte-Carlo epoch as the paper does: users uniform in the square, free-space path loss with fresh
/// Rayleigh fading, device capacities C_L U(0.5, 1.5), edge capacities 10 C_max U(0.6, 1.4), and one query per user
/// from the workload. Geometry and workload use separate streams of the run seed.
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
        double dx = x - server.X, dy = y - server.Y;
        var c = parameters.Physical;
        return PathLoss.FreeSpacePowerGain(Math.Sqrt(dx * dx + dy * dy), c.CarrierHz, c.SpeedOfLightMps, c.MinDistanceM);
    }

    /// <summary>Generates an epoch with <paramref name="users"/> users and servers at <paramref name="serverPositions"/>.</summary>
    public static Scenario Generate(SystemParameters parameters, IReadOnlyList<(double X, double Y)> serverPositions, int users,
        IWorkload workload, IQuerySignal signal, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        int m = serverPositions.Count;
        var geo = SeededRandom.ForStream(seed, GeometryStream);
        var queries = DrawQueries(workload, users, seed);
        var c = parameters.Physical;
        var g = parameters.Generator;

        var servers = new EdgeServer[m];
        for (int j = 0; j < m; j++)
        {
            double capacity = g.EdgeCapacityMultiplier * c.EdgeUserCapFlops * geo.Uniform(g.EdgeCapacityMinFactor, g.EdgeCapacityMaxFactor);
            servers[j] = new EdgeServer($"es{j}", serverPositions[j].X, serverPositions[j].Y, c.BandwidthHz, capacity);
        }

        var demands = new UserDemand[users];
        var gains = new double[users * m];
        for (int i = 0; i < users; i++)
        {
            double x = geo.Uniform(0, g.AreaSideM), y = geo.Uniform(0, g.AreaSideM);
            for (int j = 0; j < m; j++)
                gains[i * m + j] = PathGain(parameters, x, y, servers[j]) * RayleighFading.DrawPowerGain(geo);
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
