using EdgeMargin.Analysis;

namespace EdgeMargin.Tests.Analysis;

public class MeanEstimateTests
{
    // Two-sided 95 % critical values of Student's t from the standard table (NIST/SEMATECH e-Handbook, Table 1.4.2.3).
    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(2, 4.303)]
    [InlineData(5, 2.571)]
    [InlineData(10, 2.228)]
    [InlineData(30, 2.042)]
    [InlineData(100, 1.984)]
    public void The_t_quantile_matches_the_standard_table(int degreesOfFreedom, double expected)
    {
        Assert.Equal(expected, MeanEstimate.TQuantile(0.975, degreesOfFreedom), 3);
    }

    [Fact]
    public void The_interval_of_a_known_sample_is_mean_plus_minus_t_times_the_standard_error()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7, SE = sqrt(32/7/8) = 0.7559.
        var e = MeanEstimate.Of([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5, e.Mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7 / 8), e.StandardError, 12);
        double t = 2.3646242515927; // t(0.975, 7), table value 2.365
        Assert.Equal(5 - t * e.StandardError, e.Lower, 9);
        Assert.Equal(5 + t * e.StandardError, e.Upper, 9);
        Assert.Equal(8, e.Count);
    }

    [Fact]
    public void About_95_percent_of_intervals_cover_the_true_mean()
    {
        // Coverage on 2000 seeded samples of 20 exponential draws (skewed, mean 1): a t interval is approximate there,
        // and a correct one covers close to 95 % (about 93-94 % for n = 20 is the known small-sample undercoverage).
        var random = EdgeMargin.Sampling.SeededRandom.ForStream(7, 1);
        int covered = 0, trials = 2000;
        var sample = new double[20];
        for (int k = 0; k < trials; k++)
        {
            for (int i = 0; i < sample.Length; i++) sample[i] = -Math.Log(1 - random.NextDouble());
            var e = MeanEstimate.Of(sample);
            if (e.Lower <= 1 && 1 <= e.Upper) covered++;
        }
        double rate = covered / (double)trials;
        Assert.InRange(rate, 0.90, 0.97);
    }

    [Fact]
    public void A_single_value_or_an_infinite_one_has_no_interval()
    {
        var one = MeanEstimate.Of([3.0]);
        Assert.Equal(3, one.Mean);
        Assert.True(double.IsNaN(one.StandardError) && double.IsNaN(one.Lower) && double.IsNaN(one.Upper));
        var infinite = MeanEstimate.Of([1.0, double.PositiveInfinity]);
        Assert.True(double.IsPositiveInfinity(infinite.Mean) && double.IsNaN(infinite.Lower));
    }
}
