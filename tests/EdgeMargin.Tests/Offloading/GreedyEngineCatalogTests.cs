using EdgeMargin.Catalogs;
using EdgeMargin.Offloading;

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
        Assert.Equal(expected, GreedyEngineCatalog.All.GetOrDefault(name).Name);
    }

    [Fact]
    public void A_policy_context_that_names_no_engine_uses_the_catalog_s_default()
    {
        // One default for the library, the CLI and the gateway (both of which fall back on the catalog's).
        Assert.Same(GreedyEngineCatalog.Default, new PolicyContext(0.5).Engine);
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_accepted_names_and_aliases()
    {
        Assert.False(GreedyEngineCatalog.All.TryGet("fastest", out _));
        var ex = Assert.Throws<UnknownNameException>(() => GreedyEngineCatalog.All.Get("fastest"));
        Assert.Equal("Unknown engine 'fastest'. Valid engines: fast, direct (or reference).", ex.Message);
    }

    [Fact]
    public void Every_engine_decides_like_the_reference_on_the_same_epoch()
    {
        // The catalog's promise ("they all return identical assignments") checked for whatever it lists, so a newly
        // registered engine is held to it without a test of its own.
        var s = RandomScenarios.Create(40, 4, 7, 0.6);
        var roles = s.Uncertainty.ToArray().Select(u => u > 0.6 ? CandidateRole.Forced : CandidateRole.Optional).ToArray();
        var reference = DirectGreedyEngine.Instance.Run(s, roles, weighted: true);
        Assert.All(GreedyEngineCatalog.All, e => Assert.Equal(reference, e.Run(s, roles, weighted: true)));
    }
}
