using EdgeMargin.Scenarios;
using static EdgeMargin.Tests.TestScenarios;

namespace EdgeMargin.Tests.Scenarios;

public class ScenarioCreateTests
{
    [Fact]
    public void Create_lists_every_bad_value_by_its_path_with_the_users_and_servers_name()
    {
        var parameters = SystemParameters.Default with { Physical = PhysicalConstants.Paper with { BandwidthHz = 0 } };
        var users = new[] { User(1.2, id: "p1"), User(0.5, payloadBytes: double.NaN, localS: 0, id: "p2") with { LlmReferenceTimeS = -1 } };
        var ex = Assert.Throws<ScenarioValidationException>(() => Scenario.Create(parameters, users, [Server(capacity: -1, id: "es-x")], [1e-9, double.PositiveInfinity]));
        Assert.Equal(
        [
            "parameters.physical.bandwidthHz must be a finite number > 0 (got 0).",
            "servers[0].capacityFlops (server 'es-x') must be a finite number of FLOP/s > 0 (got -1).",
            "users[0].uncertainty (user 'p1') must lie in [0, 1] (got 1.2).",
            "users[1].payloadBytes (user 'p2') must be a finite number of bytes >= 0 (got NaN).",
            "users[1].localTimeS (user 'p2') must be a finite number of seconds > 0 (got 0).",
            "users[1].llmTimeS (user 'p2') must be a finite number of seconds > 0 (got -1).",
            "users[1].channelGains[0] must be a finite number >= 0 (got Infinity).",
        ], ex.Problems);
    }
}
