using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;
using EdgeMargin.Serving.Config;

namespace EdgeMargin.Serving.Tests;

/// <summary>The engine is a config choice: fast by default, direct on request, anything else a config error.</summary>
public sealed class EngineTests
{
    [Fact]
    public async Task The_gateway_decides_with_the_fast_engine_unless_told_otherwise()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { EpochWindowMs = 0 });
        Assert.Equal(FastGreedyEngine.Instance.Name, gateway.Gateway.EngineName);
        var answer = await gateway.DecideOkAsync(TestGateway.ValidRequest());
        Assert.Equal("offload", answer["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Direct_can_be_chosen_and_unknown_names_are_refused_with_the_valid_ones()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Servers(2) with { Engine = "direct", EpochWindowMs = 0 });
        Assert.Equal(DirectGreedyEngine.Instance.Name, gateway.Gateway.EngineName);

        var problems = (TestGateway.Servers(2) with { Engine = "turbo" }).Validate();
        // The list of valid names comes from the engine catalog, unquoted like every catalog's list.
        Assert.Contains(problems, p => p.Contains("'turbo'") && p.Contains("Valid engines: fast, direct"));
    }
}
