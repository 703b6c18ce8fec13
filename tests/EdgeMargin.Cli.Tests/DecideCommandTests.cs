using System.Text.Json;

namespace EdgeMargin.Cli.Tests;

public class DecideCommandTests
{
    private static string Write(string json)
    {
        string path = Path.Combine(Cli.TempDir(), "epoch.json");
        File.WriteAllText(path, json);
        return path;
    }

    // Same three users as the library's GOA test: forced, beneficial, and a fast device that should stay local.
    private const string ThreeUsers = """
        {
          "servers": [ { "id": "es-a", "capacityFlops": 1.513e16 } ],
          "users": [
            { "id": "forced", "uncertainty": 0.9, "payloadBytes": 400, "localTimeS": 0.1, "deviceCapacityFlops": 1e15, "channelGains": [1e-9] },
            { "id": "gains",  "topK": [ { "token": " Paris", "probability": 0.5 }, { "token": "London", "probability": 0.4 } ],
              "payloadBytes": 400, "localTimeS": 0.1, "channelGains": [1e-9] },
            { "id": "fast",   "uncertainty": 0.5, "payloadBytes": 400, "localTimeS": 0.1, "deviceCapacityFlops": 1e15, "channelGains": [1e-9] }
          ]
        }
        """;

    [Fact]
    public async Task Prints_the_goa_assignment_and_per_user_delays_as_json()
    {
        var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", Write(ThreeUsers), "--policy", "goa", "--tau", "0.6");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        var users = doc.RootElement.GetProperty("assignment").EnumerateArray().ToArray();
        Assert.Equal(["offload", "offload", "local"], users.Select(u => u.GetProperty("decision").GetString()));
        Assert.Equal("es-a", users[0].GetProperty("server").GetString());
        // topK [0.5, 0.4] renormalised: u = 1 - (0.5 - 0.4) / 0.9
        Assert.Equal(1 - 0.1 / 0.9, users[1].GetProperty("uncertainty").GetDouble(), 12);
        Assert.Equal(2, doc.RootElement.GetProperty("offloaded").GetInt32());
        double sum = users.Sum(u => u.GetProperty("delayMs").GetDouble());
        Assert.Equal(sum, doc.RootElement.GetProperty("totalDelayMs").GetDouble(), 9);
    }

    [Fact]
    public async Task Positions_give_free_space_gains_and_the_nearer_server_wins()
    {
        string json = """
            { "servers": [ { "id": "near", "x": 0, "y": 0, "capacityFlops": 1.5e16 }, { "id": "far", "x": 500, "y": 500, "capacityFlops": 1.5e16 } ],
              "users": [ { "x": 10, "y": 10, "uncertainty": 0.95, "payloadBytes": 5000, "localTimeS": 0.1 } ] }
            """;
        var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", Write(json));
        Assert.True(exit == 0, err);
        Assert.Equal("near", JsonDocument.Parse(output).RootElement.GetProperty("assignment")[0].GetProperty("server").GetString());
    }

    [Theory]
    [InlineData("""{ "servers": [], "users": [] }""", "servers is missing or empty")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ { "uncertainty": 0.5, "payloadBytes": -3, "localTimeS": 0.1, "channelGains": [1e-9] } ] }""", "users[0].payloadBytes must be a finite number of bytes >= 0")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ { "topK": [ { "token": "a", "probability": "NaN" } ], "payloadBytes": 3, "localTimeS": 0.1, "channelGains": [1e-9] } ] }""", "users[0].topK[0].probability must be a finite number in [0, 1]")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ { "topK": [], "payloadBytes": 3, "localTimeS": 0.1, "channelGains": [1e-9] } ] }""", "top-k list is empty")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ { "uncertainty": 1.3, "payloadBytes": 3, "localTimeS": 0.1, "channelGains": [1e-9] } ] }""", "uncertainty must lie in [0, 1]")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ { "uncertainty": 0.3, "payloadBytes": 3, "channelGains": [1e-9, 2e-9] } ] }""", "localTimeS is missing")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ { "uncertainty": 0.3, "payloadBytes": 3, "localTimeS": 0.1, "channelGains": [1e-9, 2e-9] } ] }""", "channelGains has 2 values")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ { "topK": [ { "token": "a", "probability": 0.6 }, { "token": "b" } ], "payloadBytes": 3, "localTimeS": 0.1, "channelGains": [1e-9] } ] }""", "users[0].topK[1].probability is missing")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ { "uncertainty": 0.3, "payloadBytes": 3, "localTimeS": 0.1, "snrDb": [400] } ] }""", "users[0].snrDb[0] must be a finite number of dB")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ { "uncertaintty": 0.3 } ] }""", "uncertaintty")]
    [InlineData("""{ "servers": [ { "capacityFlops": 1e16 } ], "users": [ """, "is not valid")]
    public async Task Bad_scenarios_exit_with_code_2_and_say_where(string json, string expected)
    {
        var (exit, _, err) = await Cli.RunAsync("decide", "--scenario", Write(json));
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err);
    }

    // A forced user and two servers; the faster one (es-a) already serves 5 jobs and has a 40 ms queue.
    private const string BusyServer = """
        {
          "servers": [ { "id": "es-a", "capacityFlops": 1.2e15, "backlog": { "jobsInService": 5, "waitS": 0.04 } },
                       { "id": "es-b", "capacityFlops": 1.0e15 } ],
          "users": [ { "id": "forced", "uncertainty": 0.9, "payloadBytes": 400, "localTimeS": 0.1, "llmTimeS": 0.3, "channelGains": [1e-9, 1e-9] } ]
        }
        """;

    [Fact]
    public async Task A_server_backlog_is_seen_only_with_backlog_aware_and_always_counted_in_the_delays()
    {
        string path = Write(BusyServer);
        var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", path);
        Assert.True(exit == 0, err);
        var staticRun = JsonDocument.Parse(output).RootElement;
        (exit, output, err) = await Cli.RunAsync("decide", "--scenario", path, "--backlog-aware");
        Assert.True(exit == 0, err);
        var aware = JsonDocument.Parse(output).RootElement;
        Assert.False(staticRun.GetProperty("backlogAware").GetBoolean());
        Assert.True(aware.GetProperty("backlogAware").GetBoolean());
        // Static: es-a computes faster when idle. Aware: es-a's share is 1.2e15 / 6 and its queue adds 40 ms, so es-b wins.
        Assert.Equal("es-a", staticRun.GetProperty("assignment")[0].GetProperty("server").GetString());
        Assert.Equal("es-b", aware.GetProperty("assignment")[0].GetProperty("server").GetString());
        // The static decision is scored under the backlog: 0.3 s x C_L over 1.2e15 / 6 FLOP/s, plus the wait.
        var user = staticRun.GetProperty("assignment")[0];
        Assert.Equal(0.3 * 91.06e12 / (1.2e15 / 6) * 1000, user.GetProperty("edgeMs").GetDouble(), 9);
        Assert.Equal(40, user.GetProperty("waitMs").GetDouble(), 12);
        Assert.Equal(40, staticRun.GetProperty("waitDelayMs").GetDouble(), 12);
        Assert.True(aware.GetProperty("totalDelayMs").GetDouble() < staticRun.GetProperty("totalDelayMs").GetDouble());
    }

    [Fact]
    public async Task A_scenario_without_backlog_prints_no_backlog_fields()
    {
        var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", Write(ThreeUsers));
        Assert.True(exit == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.False(root.TryGetProperty("backlogAware", out _));
        Assert.False(root.TryGetProperty("waitDelayMs", out _));
        Assert.False(root.GetProperty("assignment")[0].TryGetProperty("waitMs", out _));
    }

    [Theory]
    [InlineData("""{ "jobsInService": -2 }""", "servers[0].backlog.jobsInService must be an integer")]
    [InlineData("""{ "waitS": -0.5 }""", "servers[0].backlog.waitS must be a finite number of seconds >= 0")]
    [InlineData("""{ "waitS": "Infinity" }""", "servers[0].backlog.waitS must be a finite number")]
    [InlineData("""{ "jobsInService": 1.5 }""", "is not valid")]
    [InlineData("""{ "jobs": 3 }""", "jobs")]
    public async Task A_bad_backlog_exits_with_code_2_and_names_its_json_path(string backlog, string expected)
    {
        string json = $$"""
            { "servers": [ { "capacityFlops": 1e16, "backlog": {{backlog}} } ],
              "users": [ { "uncertainty": 0.5, "payloadBytes": 3, "localTimeS": 0.1, "channelGains": [1e-9] } ] }
            """;
        var (exit, _, err) = await Cli.RunAsync("decide", "--scenario", Write(json));
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public async Task Users_may_give_interference_free_snr_in_db_as_gateway_devices_do()
    {
        // With the paper's P = 0.2 W, N0 = 4e-21 W/Hz and B = 1e8 Hz, g = 1e-9 has SNR P g / (N0 B) = 2e-10 / 4e-13 = 500,
        // i.e. 10 log10(500) = 26.9897 dB; the snrDb user reports exactly that, so both users see the same channel.
        string json = """
            { "servers": [ { "id": "es-a", "capacityFlops": 1.513e16 } ],
              "users": [ { "id": "gains", "uncertainty": 0.9, "payloadBytes": 400, "localTimeS": 0.1, "channelGains": [1e-9] },
                         { "id": "snr", "uncertainty": 0.9, "payloadBytes": 400, "localTimeS": 0.1, "snrDb": [26.989700043360187] } ] }
            """;
        var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", Write(json), "--policy", "edge-all");
        Assert.True(exit == 0, err);
        var users = JsonDocument.Parse(output).RootElement.GetProperty("assignment").EnumerateArray().ToArray();
        Assert.Equal(users[0].GetProperty("commMs").GetDouble(), users[1].GetProperty("commMs").GetDouble(), 9);
    }

    private const string TwoPositionedUsers = """
        "servers": [ { "id": "a", "x": 0, "y": 0, "capacityFlops": 1.5e16 } ],
        "users": [ { "x": 100, "y": 0, "uncertainty": 0.9, "payloadBytes": 4000, "localTimeS": 0.1 },
                   { "x": 0, "y": 300, "uncertainty": 0.9, "payloadBytes": 4000, "localTimeS": 0.1 } ]
        """;

    [Fact]
    public async Task A_3gpp_channel_with_fixed_state_and_no_shadowing_needs_no_seed_and_weakens_nlos_links()
    {
        async Task<double[]> CommMs(string channel)
        {
            var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", Write("{ " + channel + TwoPositionedUsers + " }"), "--policy", "edge-all");
            Assert.True(exit == 0, err);
            return JsonDocument.Parse(output).RootElement.GetProperty("assignment").EnumerateArray().Select(u => u.GetProperty("commMs").GetDouble()).ToArray();
        }
        var free = await CommMs("");
        var nlos = await CommMs("""  "channel": { "model": "3gpp-umi", "condition": "nlos", "shadowing": false }, """);
        // UMi NLOS at 100 m is 104.6 dB against free space's 83.3 dB: a lower SNR and a longer upload for each user.
        Assert.All(Enumerable.Range(0, 2), i => Assert.True(nlos[i] > 2 * free[i], $"user {i}: {nlos[i]} vs {free[i]} ms"));
    }

    [Fact]
    public async Task A_random_3gpp_channel_draws_from_the_fading_seed_and_without_one_says_how_to_fix_it()
    {
        string seeded = Write("""{ "fadingSeed": 7, "channel": { "model": "3gpp-uma" }, """ + TwoPositionedUsers + " }");
        var first = await Cli.RunAsync("decide", "--scenario", seeded);
        var again = await Cli.RunAsync("decide", "--scenario", seeded);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Equal(first.Out, again.Out);

        var (exit, _, err) = await Cli.RunAsync("decide", "--scenario", Write("""{ "channel": { "model": "3gpp-uma" }, """ + TwoPositionedUsers + " }"));
        Assert.Equal(2, exit);
        Assert.Contains("channel.model '3gpp-uma' draws LOS states and shadowing; give a top-level 'fadingSeed'", err);
        (exit, _, err) = await Cli.RunAsync("decide", "--scenario", Write("""{ "channel": { "model": "free-space", "utHeightM": 2 }, """ + TwoPositionedUsers + " }"));
        Assert.Equal(2, exit);
        Assert.Contains("channel.utHeightM does not apply to model 'free-space'", err);
    }

    [Fact]
    public async Task Unknown_policy_and_bad_tau_are_usage_errors()
    {
        string path = Write(ThreeUsers);
        Assert.Equal(2, (await Cli.RunAsync("decide", "--scenario", path, "--policy", "best")).Exit);
        var (exit, _, err) = await Cli.RunAsync("decide", "--scenario", path, "--tau", "-0.1");
        Assert.Equal(2, exit);
        Assert.Contains("--tau must lie in [0, 1]", err);
    }

    [Fact]
    public async Task Signal_turns_topK_into_u_and_leaves_given_uncertainties_alone()
    {
        string path = Write(ThreeUsers);
        var (exit, output, err) = await Cli.RunAsync("decide", "--scenario", path, "--signal", "max-prob");
        Assert.True(exit == 0, err);
        using (var doc = JsonDocument.Parse(output))
        {
            var users = doc.RootElement.GetProperty("assignment").EnumerateArray().ToArray();
            Assert.Equal(0.9, users[0].GetProperty("uncertainty").GetDouble());
            Assert.Equal(1 - 0.5, users[1].GetProperty("uncertainty").GetDouble(), 12);
        }
        (exit, output, err) = await Cli.RunAsync("decide", "--scenario", path, "--signal", "log-ratio");
        Assert.True(exit == 0, err);
        using (var doc = JsonDocument.Parse(output))
            Assert.Equal(1 / (1 + Math.Log(0.5 / 0.4)), doc.RootElement.GetProperty("assignment")[1].GetProperty("uncertainty").GetDouble(), 12);

        (exit, _, err) = await Cli.RunAsync("decide", "--scenario", path, "--signal", "mean-logprob");
        Assert.Equal(2, exit);
        Assert.Contains("log-probabilities", err);
        (exit, _, err) = await Cli.RunAsync("decide", "--scenario", path, "--signal", "vibes");
        Assert.Equal(2, exit);
        Assert.Contains("Valid signals: margin", err);
    }

    [Fact]
    public async Task Unknown_commands_and_options_are_usage_errors()
    {
        Assert.Equal(2, (await Cli.RunAsync("simulat")).Exit);
        Assert.Equal(2, (await Cli.RunAsync("simulate", "--userz", "5")).Exit);
    }
}
