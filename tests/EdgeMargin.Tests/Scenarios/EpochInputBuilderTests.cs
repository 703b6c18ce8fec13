using EdgeMargin.Radio;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;
using EdgeMargin.Scenarios.Input;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Tests.Scenarios;

public class EpochInputBuilderTests
{
    private static readonly EdgeServer[] TwoServers = [new("a", 0, 0, 1e8, 1.5e16), new("b", 300, 0, 5e7, 1.5e16)];

    private static EpochInputBuilder Builder(SeededRandom? fading = null, UserInputNames? names = null, EdgeServer[]? servers = null)
        => new(SystemParameters.Default, servers ?? TwoServers, MarginSignal.Instance, names,
            fading is null ? null : new PositionChannel(ChannelOptions.PaperModel(SystemParameters.Default.Physical), fading));

    private static UserInput Valid => new() { Uncertainty = 0.4, PayloadBytes = 300, LocalTimeS = 0.1, ChannelGains = [1e-9, 2e-9] };

    [Fact]
    public void Every_problem_of_a_user_is_named_by_its_json_path()
    {
        var input = new UserInput
        {
            TopK = [new TokenEntry { Token = "a", Probability = 0.5 }, new TokenEntry { Token = "b", Probability = 1.7 }, new TokenEntry { Token = "c" }, null],
            PayloadBytes = -1,
            DeviceCapacityFlops = 0,
            LlmTimeS = double.NaN,
            ChannelGains = [1e-9, double.PositiveInfinity],
        };
        var problems = new List<InputProblem>();
        Assert.Null(Builder().Build(input, "users[3]", "u3", problems));
        var paths = problems.Select(p => p.Path).ToArray();
        Assert.Equal(["users[3].topK[1].probability", "users[3].topK[2].probability", "users[3].topK[3]", "users[3].payloadBytes",
            "users[3].localTimeS", "users[3].deviceCapacityFlops", "users[3].llmTimeS", "users[3].channelGains[1]"], paths);
        Assert.Contains("not logits", problems[0].Message);
        Assert.Equal("users[3].localTimeS is missing; give the local answer time on this device in seconds.", problems[4].ToString());
    }

    [Fact]
    public void A_user_given_as_the_whole_document_has_paths_without_a_prefix_and_the_clients_own_names()
    {
        var names = new UserInputNames { Id = "deviceId", LocalTime = "localComputeS" };
        var problems = new List<InputProblem>();
        Assert.Null(Builder(names: names).Build(new UserInput { Uncertainty = 0.5, PayloadBytes = 1, ChannelGains = [0, 0] }, "", null, problems));
        Assert.Equal(["deviceId", "localComputeS"], problems.Select(p => p.Path));
    }

    [Fact]
    public void A_missing_identifier_takes_the_fallback_and_a_blank_or_huge_one_is_refused()
    {
        var problems = new List<InputProblem>();
        Assert.Equal("u7", Builder().Build(Valid, "users[7]", "u7", problems)!.Demand.Id);
        Assert.Null(Builder().Build(Valid with { Id = "  " }, "users[7]", "u7", problems));
        Assert.Null(Builder().Build(Valid with { Id = new string('x', 257) }, "users[7]", "u7", problems));
        Assert.Equal(["users[7].id", "users[7].id"], problems.Select(p => p.Path));
    }

    [Fact]
    public void Either_or_fields_given_both_or_neither_are_refused()
    {
        var problems = new List<InputProblem>();
        Builder().Build(Valid with { TopK = [new TokenEntry { Token = "a", Probability = 0.5 }], SnrDb = [3, 4] }, "u", "u", problems);
        Builder().Build(Valid with { Uncertainty = null, ChannelGains = null }, "v", "v", problems);
        Builder().Build(Valid with { X = 10 }, "w", "w", problems);
        Assert.Equal(["u.uncertainty", "u.channelGains", "v.uncertainty", "v.channelGains", "w.y"], problems.Select(p => p.Path));
        Assert.Contains("a position 'x' and 'y'", problems[3].Message);
    }

    [Fact]
    public void A_top_k_list_becomes_u_through_the_signal_the_builder_was_given()
    {
        var topK = new TokenEntry?[] { new TokenEntry { Token = " Paris", Probability = 0.5 }, new TokenEntry { Token = "London", Probability = 0.4 } };
        var problems = new List<InputProblem>();
        var margin = Builder().Build(Valid with { Uncertainty = null, TopK = topK }, "", "u", problems)!;
        var maxProb = new EpochInputBuilder(SystemParameters.Default, TwoServers, SignalCatalog.GetNextToken("max-prob")).Build(Valid with { Uncertainty = null, TopK = topK }, "", "u", problems)!;
        Assert.Empty(problems);
        // Margin on the renormalised pair: 1 - (0.5 - 0.4) / 0.9; max-prob: 1 - 0.5.
        Assert.Equal(1 - 0.1 / 0.9, margin.Demand.Uncertainty, 12);
        Assert.Equal(0.5, maxProb.Demand.Uncertainty, 12);
    }

    [Fact]
    public void Snr_in_db_becomes_the_gain_whose_interference_free_snr_it_is()
    {
        var built = Builder().Build(Valid with { ChannelGains = null, SnrDb = [20, -3] }, "", "u", new List<InputProblem>())!;
        var p = SystemParameters.Default.Physical;
        // P |h|^2 / (N0 B_j) = 10^(snr / 10): 100 on server a (B = 1e8), 10^-0.3 on server b (B = 5e7).
        Assert.Equal(100, p.TransmitPowerW * built.ChannelGains[0] / (p.NoiseDensityWPerHz * 1e8), 9);
        Assert.Equal(Math.Pow(10, -0.3), p.TransmitPowerW * built.ChannelGains[1] / (p.NoiseDensityWPerHz * 5e7), 12);
    }

    [Fact]
    public void Positions_give_free_space_gains_times_fading_drawn_in_user_order_from_the_given_stream()
    {
        var users = new UserInput?[] { Valid with { ChannelGains = null, X = 10, Y = 20 }, Valid, Valid with { ChannelGains = null, X = 250, Y = 40 } };
        var built = Builder(new SeededRandom(99)).BuildAll(users, "users", new List<InputProblem>())!.Value;
        var expected = new SeededRandom(99);
        for (int i = 0; i < 3; i += 2)
            for (int j = 0; j < 2; j++)
                Assert.Equal(ScenarioGenerator.PathGain(SystemParameters.Default, users[i]!.X!.Value, users[i]!.Y!.Value, TwoServers[j]) * RayleighFading.DrawPowerGain(expected),
                    built.ChannelGains[i * 2 + j]);
        Assert.Equal([1e-9, 2e-9], built.ChannelGains[2..4]);
        var unfaded = Builder().BuildAll(users, "users", new List<InputProblem>())!.Value;
        Assert.Equal(ScenarioGenerator.PathGain(SystemParameters.Default, 10, 20, TwoServers[1]), unfaded.ChannelGains[1]);
    }

    [Fact]
    public void A_position_needs_every_server_to_have_one()
    {
        var servers = new[] { TwoServers[0], new EdgeServer("nowhere", double.NaN, double.NaN, 1e8, 1e16) };
        var problems = new List<InputProblem>();
        Assert.Null(Builder(servers: servers).Build(Valid with { ChannelGains = null, X = 1, Y = 2 }, "users[0]", "u0", problems));
        Assert.Equal("users[0].x", Assert.Single(problems).Path);
        Assert.Contains("servers[1] has no position", problems[0].Message);
        // Without positioned servers, the missing-gains message offers only what can work.
        Builder(servers: [servers[1]]).Build(Valid with { ChannelGains = null }, "", "u", problems);
        Assert.DoesNotContain("position", problems[1].Message);
    }

    [Fact]
    public void Every_user_the_builder_accepts_forms_a_valid_scenario_and_every_refusal_names_a_field()
    {
        // Mostly plausible values, sometimes ones straddling every bound (negative, zero, NaN, infinite, out of range)
        // or missing, so that both acceptances and refusals of every kind occur.
        double[] edges = [-1.0, 0.0, 1.0, 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300];
        var rng = new SeededRandom(2026);
        double? Maybe(double plausible) => rng.NextDouble() switch { < 0.05 => null, < 0.85 => plausible, _ => edges[rng.NextInt(edges.Length)] };
        IReadOnlyList<double>? Row(bool usual) => rng.NextDouble() switch
        {
            < 0.1 => null,
            < 0.8 when usual => [rng.Uniform(0, 1e-8), rng.Uniform(0, 1e-8)],
            _ => Enumerable.Range(0, 1 + rng.NextInt(3)).Select(_ => edges[rng.NextInt(edges.Length)]).ToArray(),
        };
        var servers = new[] { TwoServers[0] with { X = double.NaN, Y = double.NaN }, TwoServers[1] with { X = double.NaN, Y = double.NaN } };
        int accepted = 0;
        for (int round = 0; round < 4000; round++)
        {
            var users = Enumerable.Range(0, rng.NextInt(4)).Select(_ => (UserInput?)new UserInput
            {
                Uncertainty = Maybe(rng.NextDouble()), PayloadBytes = Maybe(300), LocalTimeS = Maybe(0.1), DeviceCapacityFlops = Maybe(1e14),
                LlmTimeS = rng.Bernoulli(0.5) ? null : Maybe(0.2), ChannelGains = Row(usual: true), SnrDb = rng.Bernoulli(0.8) ? null : Row(usual: false),
            }).ToArray();
            var problems = new List<InputProblem>();
            var built = Builder(servers: servers).BuildAll(users, "users", problems);
            if (built is { } epoch)
            {
                Scenario.Create(SystemParameters.Default, epoch.Users, servers, epoch.ChannelGains);
                if (epoch.Users.Length > 0) accepted++;
            }
            else Assert.All(problems, p => Assert.StartsWith("users[", p.Path, StringComparison.Ordinal));
            Assert.Equal(built is null, problems.Count > 0);
        }
        // Guards the test: epochs with users must be accepted often enough to have checked something.
        Assert.True(accepted >= 200, $"only {accepted} non-empty epochs accepted");
    }
}
