using EdgeMargin.Offloading;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Decisions;

namespace EdgeMargin.Serving.Tests;

/// <summary>The engine is a config choice; "fast" is used when this build has it and is a clear error when not.</summary>
public sealed class EngineTests
{
    [Fact]
    public void Direct_resolves_and_unknown_names_are_refused()
    {
        Assert.Same(DirectGreedyEngine.Instance, EngineResolver.Resolve("direct"));
        Assert.Contains("turbo", Assert.Throws<ArgumentException>(() => EngineResolver.Resolve("turbo")).Message);
    }

    [Fact]
    public async Task Fast_engine_is_used_when_present_and_otherwise_refused_clearly()
    {
        var options = TestGateway.Servers(2) with { Engine = "fast", EpochWindowMs = 1 };
        bool present = typeof(IGreedyEngine).Assembly.GetType("EdgeMargin.Offloading.Fast.FastGreedyEngine") is not null;
        if (!present)
        {
            var ex = Assert.Throws<ArgumentException>(() => Gateway.Create(options));
            Assert.Contains("'fast' is not available", ex.Message);
            return;
        }
        await using var gateway = await TestGateway.StartAsync(options);
        Assert.NotEqual("direct", gateway.Gateway.EngineName);
        var answer = await gateway.DecideOkAsync(TestGateway.ValidRequest());
        Assert.Equal("offload", answer["decision"]!.GetValue<string>());
    }
}
