using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;
using EdgeMargin.Scenarios.Input;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Cli.Config;

/// <summary>
/// The JSON epoch <c>decide</c> reads (documented in README): servers with positions or not, and users as the core's
/// <see cref="UserInput"/> (gains, SNRs or positions; an uncertainty or a top-k list). Gains from positions come from
/// the <see cref="Channel"/> model (default free space), times Rayleigh fading drawn from <see cref="FadingSeed"/> when
/// one is given; a 3GPP model's LOS states and shadowing are drawn from the same seed's large-scale sub-streams
/// (<see cref="ChannelStreams"/>). Users are checked and built by <see cref="EpochInputBuilder"/>, as the gateway's
/// requests are.
/// </summary>
internal sealed record ScenarioFile
{
    public SystemParameters? Parameters { get; init; }
    public ulong? FadingSeed { get; init; }
    public ChannelOptions? Channel { get; init; }
    public IReadOnlyList<ServerEntry?>? Servers { get; init; }
    public IReadOnlyList<UserInput?>? Users { get; init; }

    internal sealed record ServerEntry
    {
        public string? Id { get; init; }
        public double? X { get; init; }
        public double? Y { get; init; }
        public double? BandwidthHz { get; init; }
        public double? CapacityFlops { get; init; }
        public BacklogEntry? Backlog { get; init; }
    }

    /// <summary>A server's load when the epoch is decided (<see cref="ServerLoad"/>); absent means idle.</summary>
    internal sealed record BacklogEntry
    {
        public int? JobsInService { get; init; }
        public double? WaitS { get; init; }
    }

    /// <summary>Turns the file into a validated scenario; every problem is reported with its JSON path.</summary>
    public Scenario ToScenario(string path, ModelMode? modeOverride, IUncertaintySignal? signal = null)
    {
        var parameters = Parameters ?? SystemParameters.Default;
        if (modeOverride is ModelMode mode) parameters = parameters with { Mode = mode };
        var problems = new List<string>();
        if (Servers is null || Servers.Count == 0) problems.Add("servers is missing or empty: give at least one edge server.");
        if (Users is null) problems.Add("users is missing: give a list of users (it may be empty).");
        if (problems.Count > 0) throw Fail(path, problems);

        var servers = new EdgeServer[Servers!.Count];
        for (int j = 0; j < servers.Length; j++)
        {
            if (Servers[j] is not { } s)
            {
                problems.Add($"servers[{j}] is null; give an object with at least capacityFlops.");
                servers[j] = new EdgeServer($"es{j}", double.NaN, double.NaN, double.NaN, double.NaN);
                continue;
            }
            if (s.CapacityFlops is null) problems.Add($"servers[{j}].capacityFlops is missing (FLOP/s, e.g. 1.5e16).");
            if (s.X is null != s.Y is null) problems.Add($"servers[{j}] gives only one of x and y; a position needs both.");
            servers[j] = new EdgeServer(s.Id ?? $"es{j}", s.X ?? double.NaN, s.Y ?? double.NaN, s.BandwidthHz ?? parameters.Physical.BandwidthHz, s.CapacityFlops ?? double.NaN);
        }

        var channel = Channel ?? ChannelOptions.Paper;
        // Without a seed nothing can be drawn: positions then give the channel's deterministic gain, as they always have.
        string defaultFading = FadingSeed is null ? "none" : "rayleigh";
        var channelProblems = channel.Validate(parameters.Physical);
        problems.AddRange(channelProblems.Select(p => "channel." + p));
        if (problems.Count > 0) throw Fail(path, problems);
        var model = channel.Create(parameters.Physical, defaultFading);
        if (FadingSeed is null && model.Fading.IsRandom)
            problems.Add($"channel.fading '{model.Fading.Name}' draws random numbers; give a top-level 'fadingSeed' (any whole number), or remove channel.fading.");
        if (FadingSeed is null && model.PathLoss.IsRandom)
            problems.Add($"channel.model '{model.PathLoss.Name}' draws LOS states and shadowing; give a top-level 'fadingSeed' (any whole number), " +
                "or fix them with channel.condition 'los' or 'nlos' and channel.shadowing false.");
        if (problems.Count > 0) throw Fail(path, problems);

        var positions = new PositionChannel(model, FadingSeed is ulong seed ? new SeededRandom(seed) : null, FadingSeed);
        var builder = new EpochInputBuilder(parameters, servers, signal ?? MarginSignal.Instance, positions: positions);
        var userProblems = new List<InputProblem>();
        var built = builder.BuildAll(Users!, "users", userProblems);
        problems.AddRange(userProblems.Select(p => p.ToString()));
        if (problems.Count > 0 || built is not { } epoch) throw Fail(path, problems);
        try
        {
            var scenario = Scenario.Create(parameters, epoch.Users, servers, epoch.ChannelGains);
            if (Servers.All(s => s?.Backlog is null)) return scenario;
            return scenario.WithLoad(Servers.Select(s => new ServerLoad(s?.Backlog?.JobsInService ?? 0, s?.Backlog?.WaitS ?? 0)).ToArray());
        }
        catch (ScenarioValidationException ex) { throw Fail(path, ex.Problems); }
    }

    private static UsageException Fail(string path, IReadOnlyList<string> problems)
        => new($"scenario '{path}' is invalid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems));
}
