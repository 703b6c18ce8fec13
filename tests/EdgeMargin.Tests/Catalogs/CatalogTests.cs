using EdgeMargin.Catalogs;

namespace EdgeMargin.Tests.Catalogs;

public class CatalogTests
{
    private sealed record Thing(string Name, string Description = "a thing") : INamed;

    private static Catalog<Thing> Things() => new("thing", "things") { new Thing("alpha"), { new Thing("beta"), "b", "second" } };

    [Theory]
    [InlineData("alpha", "alpha")]
    [InlineData("  ALPHA ", "alpha")]
    [InlineData("Beta", "beta")]
    [InlineData(" b", "beta")]
    [InlineData("SECOND", "beta")]
    public void Names_and_aliases_match_case_insensitively_with_spaces_ignored(string asked, string found)
        => Assert.Equal(found, Things().Get(asked).Name);

    [Fact]
    public void Entries_keep_the_order_they_were_added_in_and_the_first_is_the_default()
    {
        var things = Things();
        Assert.Equal(["alpha", "beta"], things.Names);
        Assert.Equal(["alpha", "beta"], things.Select(t => t.Name));
        Assert.Equal("alpha", things.Default.Name);
        Assert.Same(things.Default, things.GetOrDefault("  "));
        Assert.Equal("beta (or b, second)", things.Entries[1].Label);
    }

    [Theory]
    [InlineData("gamma", "Unknown thing 'gamma'. Valid things: alpha, beta (or b, second).")]
    [InlineData(" ", "No thing given. Valid things: alpha, beta (or b, second).")]
    [InlineData(null, "No thing given. Valid things: alpha, beta (or b, second).")]
    public void An_unknown_or_missing_name_is_refused_with_every_valid_name(string? asked, string message)
    {
        var things = Things();
        Assert.False(things.TryGet(asked, out _));
        var ex = Assert.Throws<UnknownNameException>(() => things.Get(asked));
        Assert.Equal(message, ex.Message);
        Assert.Equal("thing", ex.Noun);
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("ALPHA")]
    [InlineData(" padded")]
    [InlineData("a,b")]
    [InlineData("")]
    public void A_name_that_is_taken_or_could_not_be_typed_in_a_comma_list_is_refused_when_registered(string name)
    {
        var things = new Catalog<Thing>("thing", "things") { new Thing("alpha") };
        Assert.Throws<ArgumentException>(() => things.Add(new Thing(name)));
        Assert.Throws<ArgumentException>(() => things.Add(new Thing("fresh"), name));
    }

    [Fact]
    public void An_entry_without_a_description_is_refused_because_help_texts_list_one_per_entry()
    {
        var things = new Catalog<Thing>("thing", "things");
        Assert.Throws<ArgumentException>(() => things.Add(new Thing("quiet", " ")));
    }

    [Fact]
    public void A_catalog_that_has_been_read_takes_no_more_entries()
    {
        var things = Things();
        things.Add(new Thing("gamma"));
        Assert.Equal("gamma", things.Get("gamma").Name);
        var ex = Assert.Throws<InvalidOperationException>(() => things.Add(new Thing("delta")));
        Assert.Contains("in use", ex.Message);
        Assert.False(things.TryGet("delta", out _));
    }
}
