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
    public void Streams_of_one_seed_are_uncorrelated_with_each_other_and_with_the_plain_seed()
    {
        // Pearson correlation of 20 000 paired uniforms: about N(0, 1/sqrt(n)) = N(0, 0.007) for independent streams;
        // streams that shared or shifted state would show up far outside 0.03 (4 standard deviations).
        const int n = 20_000;
        var plain = new SeededRandom(42);
        var one = SeededRandom.ForStream(42, 1);
        var two = SeededRandom.ForStream(42, 2);
        double[] a = new double[n], b = new double[n], c = new double[n];
        for (int i = 0; i < n; i++) (a[i], b[i], c[i]) = (one.NextDouble(), two.NextDouble(), plain.NextDouble());
        Assert.InRange(Correlation(a, b), -0.03, 0.03);
        Assert.InRange(Correlation(a, c), -0.03, 0.03);
        Assert.InRange(Correlation(a.AsSpan(1).ToArray(), b.AsSpan(0, n - 1).ToArray()), -0.03, 0.03);
        Assert.Empty(a.Intersect(b));

        static double Correlation(double[] x, double[] y)
        {
            double mx = x.Average(), my = y.Average();
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
            return sxy / Math.Sqrt(sxx * syy);
        }
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
