using EdgeMargin.Radio;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Cli.Config;

/// <summary>
/// The JSON epoch <c>decide</c> reads (documented in README): servers with positions or not, users with either
/// positions (channel gains then come from free-space path loss, with Rayleigh fading only when a fading seed is
/// given) or explicit gains, and either an uncertainty or a top-k list.
/// </summary>
internal sealed record ScenarioFile
{
    public SystemParameters? Parameters { get; init; }
    public ulong? FadingSeed { get; init; }
    public IReadOnlyList<ServerEntry>? Servers { get; init; }
    public IReadOnlyList<UserEntry>? Users { get; init; }

    internal sealed record ServerEntry
    {
        public string? Id { get; init; }
        public double? X { get; init; }
        public double? Y { get; init; }
        public double? BandwidthHz { get; init; }
        public double? CapacityFlops { get; init; }
    }

    internal sealed record UserEntry
    {
        public string? Id { get; init; }
        public double? X { get; init; }
        public double? Y { get; init; }
        public IReadOnlyList<double>? ChannelGains { get; init; }
        public double? Uncertainty { get; init; }
        public IReadOnlyList<TokenEntry>? TopK { get; init; }
        public double? PayloadBytes { get; init; }
        public double? LocalTimeS { get; init; }
        public double? DeviceCapacityFlops { get; init; }
        public double? LlmTimeS { get; init; }
        public bool? SlmCorrect { get; init; }
        public bool? LlmCorrect { get; init; }
    }

    internal sealed record TokenEntry(string? Token, double Probability);

    /// <summary>Turns the file into a validated scenario; every problem is reported with its JSON path.</summary>
    public Scenario ToScenario(string path, ModelMode? modeOverride, IUncertaintySignal? signal = null)
    {
        var parameters = Parameters ?? SystemParameters.Default;
        if (modeOverride is ModelMode mode) parameters = parameters with { Mode = mode };
        var problems = new List<string>();
        if (Servers is null || Servers.Count == 0) problems.Add("'servers' is missing or empty: give at least one edge server.");
        if (Users is null) problems.Add("'users' is missing: give a list of users (it may be empty).");
        if (problems.Count > 0) throw Fail(path, problems);

        int m = Servers!.Count;
        var servers = new EdgeServer[m];
        for (int j = 0; j < m; j++)
        {
            var s = Servers[j];
            if (s.CapacityFlops is null) problems.Add($"servers[{j}].capacityFlops is missing (FLOP/s, e.g. 1.5e16).");
            servers[j] = new EdgeServer(s.Id ?? $"es{j}", s.X ?? double.NaN, s.Y ?? double.NaN, s.BandwidthHz ?? parameters.Physical.BandwidthHz, s.CapacityFlops ?? double.NaN);
        }

        var fading = FadingSeed is ulong seed ? new SeededRandom(seed) : null;
        var users = new UserDemand[Users!.Count];
        var gains = new double[users.Length * m];
        for (int i = 0; i < users.Length; i++)
        {
            var u = Users[i];
            string at = $"users[{i}]";
            double uncertainty = double.NaN;
            if (u.Uncertainty is double given && u.TopK is not null) problems.Add($"{at}: give either 'uncertainty' or 'topK', not both.");
            else if (u.Uncertainty is double value) uncertainty = value;
            else if (u.TopK is { } topK)
            {
                try { uncertainty = (signal ?? MarginSignal.Instance).Compute(TopKDistribution.FromTokens(topK.Select(t => new TokenProbability(t.Token ?? "", t.Probability)).ToArray())); }
                catch (InvalidDistributionException ex) { problems.Add($"{at}.topK: {ex.Message}"); }
            }
            else problems.Add($"{at}: 'uncertainty' (a number in [0, 1]) or 'topK' (a list of {{token, probability}}) is required.");
            if (u.PayloadBytes is null) problems.Add($"{at}.payloadBytes is missing (prompt size in bytes).");
            if (u.LocalTimeS is null) problems.Add($"{at}.localTimeS is missing (local answer time in seconds).");

            if (u.ChannelGains is { } g)
            {
                if (g.Count != m) problems.Add($"{at}.channelGains has {g.Count} values; it needs one per server ({m}).");
                else for (int j = 0; j < m; j++) gains[i * m + j] = g[j];
            }
            else if (u.X is double x && u.Y is double y)
            {
                for (int j = 0; j < m; j++)
                {
                    if (double.IsNaN(servers[j].X) || double.IsNaN(servers[j].Y))
                    {
                        problems.Add($"{at} gives a position but servers[{j}] has none; give server x and y, or the user's channelGains.");
                        break;
                    }
                    double gain = ScenarioGenerator.PathGain(parameters, x, y, servers[j]);
                    gains[i * m + j] = fading is null ? gain : gain * RayleighFading.DrawPowerGain(fading);
                }
            }
            else problems.Add($"{at}: give 'channelGains' (|h|^2 per server) or a position 'x' and 'y'.");

            users[i] = new UserDemand
            {
                Id = u.Id ?? $"u{i}",
                Uncertainty = uncertainty,
                PayloadBytes = u.PayloadBytes ?? double.NaN,
                LocalDelayS = u.LocalTimeS ?? double.NaN,
                DeviceCapacityFlops = u.DeviceCapacityFlops ?? parameters.Physical.LocalCapacityFlops,
                LlmReferenceTimeS = u.LlmTimeS,
                SlmCorrect = u.SlmCorrect,
                LlmCorrect = u.LlmCorrect,
                X = u.X ?? double.NaN,
                Y = u.Y ?? double.NaN,
            };
        }
        if (problems.Count > 0) throw Fail(path, problems);
        try { return Scenario.Create(parameters, users, servers, gains); }
        catch (ScenarioValidationException ex) { throw Fail(path, ex.Problems); }
    }

    private static UsageException Fail(string path, IReadOnlyList<string> problems)
        => new($"scenario '{path}' is invalid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems));
}
