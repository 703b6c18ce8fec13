using EdgeMargin.Compute;
using EdgeMargin.Radio;
using EdgeMargin.Sampling;

namespace EdgeMargin.Tests.Radio;

public class RadioFormulaTests
{
    [Fact]
    public void Free_space_power_gain_at_100_m_and_3_5_GHz_matches_hand_value()
    {
        // (3e8 / (4 pi 3.5e9 100))^2 = 4.6525033e-9
        Assert.Equal(4.652503330515511e-09, PathLoss.FreeSpacePowerGain(100, 3.5e9), 1e-20);
    }

    [Fact]
    public void Distances_below_the_minimum_are_clamped_so_gain_stays_finite()
    {
        Assert.Equal(PathLoss.FreeSpacePowerGain(1, 3.5e9), PathLoss.FreeSpacePowerGain(0, 3.5e9));
        Assert.True(double.IsFinite(PathLoss.FreeSpacePowerGain(0, 3.5e9)));
    }

    [Fact]
    public void Shannon_rate_is_bandwidth_times_log2_of_one_plus_sinr()
    {
        Assert.Equal(2e6, UplinkRate.BitsPerSecond(1e6, 3), 1e-6);
        Assert.Equal(500, UplinkRate.Sinr(0.2 * 1e-9, 0, 4e-21 * 1e8), 1e-9);
        Assert.Equal(0.5, UplinkRate.Sinr(1, 1, 1), 1e-15);
    }

    [Fact]
    public void Edge_share_is_capped_at_the_per_user_maximum()
    {
        Assert.Equal(1513e12, EdgeShare.PerUserFlops(10 * 1513e12, 4, 1513e12));
        Assert.Equal(756.5e12, EdgeShare.PerUserFlops(10 * 1513e12, 20, 1513e12), 1);
    }

    [Fact]
    public void Rayleigh_power_gain_has_unit_mean()
    {
        var rng = new SeededRandom(7);
        double sum = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++) sum += RayleighFading.DrawPowerGain(rng);
        Assert.InRange(sum / n, 0.99, 1.01);
    }
}
