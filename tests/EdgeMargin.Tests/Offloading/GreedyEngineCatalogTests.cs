using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;

namespace EdgeMargin.Tests.Offloading;

public class GreedyEngineCatalogTests
{
    [Theory]
    [InlineData("fast", "fast")]
    [InlineData(" FAST ", "fast")]
    [InlineData("direct", "direct")]
    [InlineData("Reference", "direct")]
    [InlineData(null, "fast")]
    [InlineData("  ", "fast")]
    public void Names_are_case_insensitive_trimmed_and_default_to_fast(string? name, string expected)
    {
        Assert.True(GreedyEngineCatalog.TryGet(name, out var engine));
        Assert.Equal(expected, engine.Name);
        Assert.Same(engine, GreedyEngineCatalog.Get(name));
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_accepted_names()
    {
        Assert.False(GreedyEngineCatalog.TryGet("fastest", out _));
        var ex = Assert.Throws<ArgumentException>(() => GreedyEngineCatalog.Get("fastest"));
        Assert.Contains("'fastest'", ex.Message);
        Assert.Contains("'fast'", ex.Message);
        Assert.Contains("'direct'", ex.Message);
        Assert.Same(FastGreedyEngine.Instance, GreedyEngineCatalog.Default);
        Assert.Equal(["fast", "direct", "reference"], GreedyEngineCatalog.Names);
    }
}
