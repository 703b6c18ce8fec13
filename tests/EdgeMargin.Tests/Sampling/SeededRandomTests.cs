using EdgeMargin.Sampling;

namespace EdgeMargin.Tests.Sampling;

public class SeededRandomTests
{
    [Fact]
    public void The_sequence_is_a_fixed_function_of_the_seed()
    {
        var r = new SeededRandom(42);
        ulong[] first = [r.NextUInt64(), r.NextUInt64()];
        var again = new SeededRandom(42);
        Assert.Equal(first, new[] { again.NextUInt64(), again.NextUInt64() });
        Assert.NotEqual(first[0], new SeededRandom(43).NextUInt64());
    }

    [Fact]
    public void Streams_of_one_seed_are_independent()
    {
        Assert.NotEqual(SeededRandom.ForStream(42, 1).NextUInt64(), SeededRandom.ForStream(42, 2).NextUInt64());
    }

    [Fact]
    public void Draws_have_the_intended_moments()
    {
        var r = new SeededRandom(3);
        const int n = 100_000;
        double beta = 0, uniform = 0, ints = 0;
        for (int i = 0; i < n; i++)
        {
            beta += r.Beta(1.8, 2.0);
            uniform += r.Uniform(0.5, 1.5);
            ints += r.NextInt(10);
        }
        Assert.InRange(beta / n, 0.4737 - 0.005, 0.4737 + 0.005);
        Assert.InRange(uniform / n, 0.995, 1.005);
        Assert.InRange(ints / n, 4.45, 4.55);
    }
}
