using EdgeMargin.Radio;
using EdgeMargin.Radio.Channels;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Tests.Scenarios;

public class ChannelSeamTests
{
    private static readonly IReadOnlyList<(double X, double Y)> Grid = ServerLayout.Grid(4, 500);

    private static Scenario Generate(int users, ulong seed, ChannelModel? channel = null)
        => ScenarioGenerator.Generate(SystemParameters.Default, Grid, users, new SyntheticWorkload(), MarginSignal.Instance, seed, channel);

    private static ChannelModel Model(string name) => new ChannelOptions { Model = name }.Create(PhysicalConstants.Paper);

    [Fact]
    public void The_default_channel_draws_exactly_the_numbers_the_papers_generator_drew()
    {
        // The generator as it was before the seam: on the geometry stream, M capacities, then per user x, y, M
        // free-space gains times Rayleigh draws, and the device capacity.
        const ulong seed = 77;
        const int n = 30, m = 4;
        var geo = SeededRandom.ForStream(seed, ScenarioGenerator.GeometryStream);
        for (int j = 0; j < m; j++) geo.Uniform(0.6, 1.4);
        var expected = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            double x = geo.Uniform(0, 500), y = geo.Uniform(0, 500);
            for (int j = 0; j < m; j++)
            {
                double dx = x - Grid[j].X, dy = y - Grid[j].Y;
                expected[i * m + j] = PathLoss.FreeSpacePowerGain(Math.Sqrt(dx * dx + dy * dy), 3.5e9, 3e8, 1) * RayleighFading.DrawPowerGain(geo);
            }
            geo.Uniform(0.5, 1.5);
        }
        Assert.Equal(expected, Generate(n, seed).ChannelGains.ToArray());
        Assert.Equal(expected, Generate(n, seed, Model("free-space")).ChannelGains.ToArray());
    }

    [Fact]
    public void A_3gpp_epoch_has_the_free_space_epochs_users_and_fading_and_draws_its_own_numbers_on_the_large_scale_streams()
    {
        const ulong seed = 9;
        const int n = 25, m = 4;
        var free = Generate(n, seed);
        var umi = Generate(n, seed, Model("3gpp-umi"));
        Assert.Equal(free.Users.Select(u => (u.X, u.Y, u.DeviceCapacityFlops, u.Uncertainty)), umi.Users.Select(u => (u.X, u.Y, u.DeviceCapacityFlops, u.Uncertainty)));
        Assert.Equal(free.CapacityFlops.ToArray(), umi.CapacityFlops.ToArray());
        // Same fading, so each gain's ratio is the large-scale ratio; user i's large-scale draws are sub-stream i, server by server.
        var umiPathLoss = (UmiStreetCanyonPathLoss)Model("3gpp-umi").PathLoss;
        var freeSpace = new FreeSpacePathLoss(3.5e9, 3e8, 1);
        int differ = 0;
        for (int i = 0; i < n; i++)
        {
            var largeScale = ChannelStreams.LargeScaleOf(seed, i);
            for (int j = 0; j < m; j++)
            {
                var link = new Link(free.Users[i].X, free.Users[i].Y, Grid[j].X, Grid[j].Y);
                double ratio = umiPathLoss.Draw(link, largeScale).PowerGain / freeSpace.PowerGain(link);
                Assert.Equal(ratio, umi.ChannelGain(i, j) / free.ChannelGain(i, j), 1e-9 * ratio);
                if (Math.Abs(ratio - 1) > 1e-6) differ++;
            }
        }
        Assert.Equal(n * m, differ);
    }

    [Fact]
    public void A_users_channel_does_not_depend_on_how_many_users_the_epoch_has()
    {
        var small = Generate(5, 4, Model("3gpp-uma"));
        var large = Generate(12, 4, Model("3gpp-uma"));
        Assert.Equal(small.ChannelGains.ToArray(), large.ChannelGains[..(5 * 4)].ToArray());
    }

    [Fact]
    public void Under_3gpp_path_loss_links_are_weaker_than_in_free_space_on_average()
    {
        // At 3.5 GHz UMi LOS is about 2 dB and NLOS about 21 dB above free space at 100 m (hand values in Tr38901Tests),
        // and most links of a 500 m square are NLOS, so the median gain must drop by well over 10 dB.
        var free = Generate(200, 1).ChannelGains.ToArray().Order().ToArray();
        var umi = Generate(200, 1, Model("3gpp-umi")).ChannelGains.ToArray().Order().ToArray();
        double dropDb = 10 * Math.Log10(free[free.Length / 2] / umi[umi.Length / 2]);
        Assert.InRange(dropDb, 10, 30);
    }

    [Fact]
    public void Channel_options_name_every_problem_by_field()
    {
        var physical = PhysicalConstants.Paper with { CarrierHz = 2e11 };
        var problems = new ChannelOptions { Model = "3gpp-umi", UtHeightM = 30, Condition = "sometimes", Fading = "rician" }.Validate(physical);
        Assert.Equal(4, problems.Count);
        Assert.StartsWith("fading 'rician' is not a fading model", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("condition 'sometimes'", problems[1], StringComparison.Ordinal);
        Assert.StartsWith("utHeightM must lie in [1.5, 22.5] m", problems[2], StringComparison.Ordinal);
        Assert.Contains("parameters.physical.carrierHz", problems[3]);

        Assert.StartsWith("model 'okumura' is not a channel model; use one of free-space, 3gpp-umi, 3gpp-uma",
            Assert.Single(new ChannelOptions { Model = "okumura" }.Validate(PhysicalConstants.Paper)), StringComparison.Ordinal);
        var ignored = new ChannelOptions { BsHeightM = 10, Shadowing = false }.Validate(PhysicalConstants.Paper);
        Assert.Equal(2, ignored.Count);
        Assert.All(ignored, p => Assert.Contains("does not apply to model 'free-space'", p));
        Assert.Contains("h_E = 12 m", Assert.Single(new ChannelOptions { Model = "3gpp-uma", UtHeightM = 14, BsHeightM = 10 }.Validate(PhysicalConstants.Paper)));
    }

    [Fact]
    public void Effective_options_fill_in_the_standards_defaults()
    {
        var uma = new ChannelOptions { Model = "3GPP-UMa" }.Effective();
        Assert.Equal(new ChannelOptions { Model = "3gpp-uma", BsHeightM = 25, UtHeightM = 1.5, Condition = "random", Shadowing = true, Fading = "rayleigh" }, uma);
        Assert.Equal(new ChannelOptions { Model = "free-space", Fading = "none" }, ChannelOptions.Paper.Effective("none"));
        var model = new ChannelOptions { Model = "3gpp-umi", Condition = "nlos", Shadowing = false, Fading = "none" }.Create(PhysicalConstants.Paper);
        Assert.Equal("3gpp-umi + none", model.Name);
        Assert.False(model.PathLoss.IsRandom);
        Assert.False(model.Fading.IsRandom);
    }
}
