using EdgeMargin.Radio.Channels;
using EdgeMargin.Sampling;

namespace EdgeMargin.Tests.Radio;

/// <summary>
/// The 3GPP TR 38.901 formulas at hand-computed points. Every literal below was computed by hand from the table's
/// formula (steps in the comments; log10(3.5) = 0.544068044350, so 20 log10(f_c) = 10.881360887006 and
/// 21.3 log10(f_c) = 11.588649344661 at 3.5 GHz), not by running this code.
/// </summary>
public class Tr38901Tests
{
    private const double Fc = 3.5e9;

    [Fact]
    public void Umi_breakpoint_distance_uses_effective_heights_of_one_metre_less()
    {
        // Table 7.4.1-1 note 1: d'BP = 4 (hBS - 1)(hUT - 1) fc / c = 4 * 9 * 0.5 * 3.5e9 / 3e8 = 210 m.
        Assert.Equal(210, Tr38901.BreakpointDistanceM(10, 1.5, 1, Fc), 9);
        // UMa with hE = 1: 4 * 24 * 0.5 * 3.5e9 / 3e8 = 560 m.
        Assert.Equal(560, Tr38901.BreakpointDistanceM(25, 1.5, 1, Fc), 9);
    }

    [Fact]
    public void Umi_los_path_loss_follows_pl1_before_the_breakpoint_and_pl2_after_it()
    {
        // d2D = 100 <= 210: d3D = sqrt(100^2 + 8.5^2) = 100.360599838781, log10 = 2.001563248357;
        // PL1 = 32.4 + 21 * 2.001563248357 + 10.881360887006 = 85.314189102501 dB.
        Assert.Equal(85.314189102501, Tr38901.UmiLosDb(100, 10, 1.5, Fc), 9);
        // d2D = 400 > 210: d3D = 400.090302306867, log10 = 2.602158024747;
        // PL2 = 32.4 + 40 * 2.602158024747 + 10.881360887006 - 9.5 log10(210^2 + 8.5^2 = 44172.25) [= 44.128920453881]
        //     = 103.238761422985 dB.
        Assert.Equal(103.238761422985, Tr38901.UmiLosDb(400, 10, 1.5, Fc), 9);
    }

    [Fact]
    public void Umi_nlos_path_loss_is_the_larger_of_los_and_the_nlos_formula()
    {
        // d2D = 100: PL' = 35.3 * 2.001563248357 + 22.4 + 11.588649344661 - 0.3 * (1.5 - 1.5) = 104.643832011661 dB,
        // larger than PL_LOS = 85.314 dB, so NLOS = 104.643832011661.
        Assert.Equal(104.643832011661, Tr38901.UmiNlosDb(100, 10, 1.5, Fc), 9);
        // d2D = 10: d3D = sqrt(100 + 72.25) = 13.124404748407, log10 = 1.118079615290;
        // PL' = 35.3 * 1.118079615290 + 22.4 + 11.588649344661 = 73.456859764392 dB.
        Assert.Equal(73.456859764392, Tr38901.UmiNlosDb(10, 10, 1.5, Fc), 9);
        // The max(.) matters where the NLOS formula would undercut LOS: a 22.5 m terminal at 10 m lowers PL' by
        // 0.3 * 21 = 6.3 dB while LOS barely moves. Checked as the definition, on both sides.
        double los = Tr38901.UmiLosDb(10, 10, 22.5, Fc), nlos = Tr38901.UmiNlosDb(10, 10, 22.5, Fc);
        Assert.True(nlos >= los);
    }

    [Fact]
    public void Uma_los_and_nlos_path_loss_at_hand_computed_points()
    {
        // d2D = 100 <= 560: d3D = sqrt(100^2 + 23.5^2) = 102.724145165584, log10 = 2.011672535902;
        // PL1 = 28 + 22 * 2.011672535902 + 10.881360887006 = 83.138156676852 dB.
        Assert.Equal(83.138156676852, Tr38901.UmaLosDb(100, 25, 1.5, Fc, 1), 9);
        // d2D = 800 > 560: d3D = 800.345081824084, log10 = 2.903277280515;
        // PL2 = 28 + 40 * 2.903277280515 + 10.881360887006 - 9 log10(560^2 + 23.5^2) [= 49.474261570839] = 105.538190536771 dB.
        Assert.Equal(105.538190536771, Tr38901.UmaLosDb(800, 25, 1.5, Fc, 1), 9);
        // d2D = 300: d3D = 300.919009037316, log10 = 2.478449622965;
        // PL' = 13.54 + 39.08 * 2.478449622965 + 10.881360887006 - 0.6 * 0 = 121.279172152488 dB (> PL_LOS = 93.407).
        Assert.Equal(121.279172152488, Tr38901.UmaNlosDb(300, 25, 1.5, Fc, 1), 9);
    }

    [Theory]
    // ns-3's published test vectors for its ThreeGppUmi/UmaPropagationLossModel (5 GHz, hUT = 1.5 m, hBS = 10 m and
    // 25 m, shadowing off; received power at 0 dBm transmit, i.e. minus the loss), an implementation nobody here wrote.
    [InlineData("umi", true, 10, 69.8591)]
    [InlineData("umi", true, 100, 88.4122)]
    [InlineData("umi", true, 1000, 119.3114)]
    [InlineData("umi", true, 5000, 147.2696)]
    [InlineData("umi", false, 10, 76.7563)]
    [InlineData("umi", false, 100, 107.9432)]
    [InlineData("umi", false, 1000, 143.1886)]
    [InlineData("umi", false, 5000, 167.8617)]
    [InlineData("uma", true, 10, 72.9380)]
    [InlineData("uma", true, 100, 86.2362)]
    [InlineData("uma", true, 1000, 109.7252)]
    [InlineData("uma", true, 5000, 137.6794)]
    [InlineData("uma", false, 10, 82.5131)]
    [InlineData("uma", false, 100, 106.1356)]
    [InlineData("uma", false, 1000, 144.7641)]
    [InlineData("uma", false, 5000, 172.0753)]
    public void Path_loss_matches_ns3s_test_vectors_at_5_GHz(string scenario, bool los, double distanceM, double lossDb)
    {
        double actual = (scenario, los) switch
        {
            ("umi", true) => Tr38901.UmiLosDb(distanceM, 10, 1.5, 5e9),
            ("umi", false) => Tr38901.UmiNlosDb(distanceM, 10, 1.5, 5e9),
            ("uma", true) => Tr38901.UmaLosDb(distanceM, 25, 1.5, 5e9, 1),
            _ => Tr38901.UmaNlosDb(distanceM, 25, 1.5, 5e9, 1),
        };
        Assert.Equal(lossDb, actual, 4);
    }

    [Fact]
    public void Los_probabilities_follow_table_7_4_2_1()
    {
        // UMi: 1 up to 18 m; at 100 m, 18/100 + exp(-100/36) (1 - 18/100) = 0.18 + 0.062176524022 * 0.82 = 0.230984749698.
        Assert.Equal(1, Tr38901.UmiLosProbability(18));
        Assert.Equal(0.230984749698, Tr38901.UmiLosProbability(100), 11);
        // UMa, hUT = 1.5 (C' = 0): 0.18 + exp(-100/63) * 0.82 = 0.18 + 0.204476630298 * 0.82 = 0.347670836844.
        Assert.Equal(0.347670836844, Tr38901.UmaLosProbability(100, 1.5), 11);
        // UMa, hUT = 20: C' = (7/10)^1.5 = 0.585662018574; factor 1 + 0.585662018574 * 1.25 * 1 * exp(-100/150)
        // [= 0.513417119033] = 1.375861132879; p = 0.347670836844 * 1.375861132879 = 0.478346791449.
        Assert.Equal(0.478346791449, Tr38901.UmaLosProbability(100, 20), 11);
        Assert.Equal(1, Tr38901.UmaLosProbability(10, 20));
    }

    [Fact]
    public void Uma_environment_height_probability_follows_note_1()
    {
        // hUT = 20, d2D = 100: g = 1.25 * 1^3 * exp(-2/3) = 0.641771398791; C = 0.7^1.5 * g = 0.375861132879.
        Assert.Equal(0.375861132879, Tr38901.UmaEnvironmentHeightC(100, 20), 11);
        Assert.Equal(0, Tr38901.UmaEnvironmentHeightC(100, 12.9));
        Assert.Equal(0, Tr38901.UmaEnvironmentHeightC(18, 20));
        // The draw: hE = 1 with probability 1 / (1 + C) = 0.726817537107; otherwise uniform on {12, 15, 18} (<= 20 - 1.5).
        var model = new UmaPathLoss(Fc, 25, 20, LinkCondition.LineOfSight, shadowing: false);
        var rng = new SeededRandom(3);
        const int n = 40_000;
        var heights = Enumerable.Range(0, n).Select(_ => model.EnvironmentHeight(100, rng)).ToArray();
        double unit = heights.Count(h => h == 1) / (double)n;
        double se = Math.Sqrt(0.726817537107 * (1 - 0.726817537107) / n);
        Assert.InRange(unit, 0.726817537107 - 4 * se, 0.726817537107 + 4 * se);
        var others = heights.Where(h => h != 1).GroupBy(h => h).OrderBy(g => g.Key).ToArray();
        Assert.Equal([12.0, 15, 18], others.Select(g => g.Key));
        foreach (var g in others) Assert.InRange(g.Count() / (double)(n - heights.Count(h => h == 1)), 1 / 3.0 - 0.03, 1 / 3.0 + 0.03);
        // Below 13 m nothing is drawn: always 1 m.
        Assert.Equal(1, new UmaPathLoss(Fc).EnvironmentHeight(100, null));
        // The drawn height feeds the breakpoint: with hE = 18 at hUT = 20, d'BP = 4 * 7 * 2 * 3.5e9 / 3e8 = 653.3 m, so a
        // 1000 m link is past it (PL2) while hE = 1 keeps PL1 (d'BP = 21 280 m).
        Assert.NotEqual(Tr38901.UmaLosDb(1000, 25, 20, Fc, 1), Tr38901.UmaLosDb(1000, 25, 20, Fc, 18));
        Assert.Equal(653.333333333, Tr38901.BreakpointDistanceM(25, 20, 18, Fc), 6);
    }

    [Fact]
    public void Models_give_users_closer_than_ten_metres_the_ten_metre_loss()
    {
        var umi = new UmiStreetCanyonPathLoss(Fc, condition: LinkCondition.LineOfSight, shadowing: false);
        var uma = new UmaPathLoss(Fc, condition: LinkCondition.NonLineOfSight, shadowing: false);
        Assert.Equal(Tr38901.UmiLosDb(10, 10, 1.5, Fc), umi.Draw(new Link(3, 4, 0, 0), null).PathLossDb);
        Assert.Equal(Tr38901.UmaNlosDb(10, 25, 1.5, Fc, 1), uma.Draw(new Link(0, 0, 0, 0), null).PathLossDb);
        // 66.761032808092 dB at 10 m (hand value above) is a power gain of 10^-6.6761032808092.
        Assert.Equal(Math.Pow(10, -6.6761032808092), umi.Draw(new Link(1, 1, 1, 1), null).PowerGain, 15);
    }

    [Theory]
    [InlineData("umi", 100, 0.230984749698)]
    [InlineData("umi", 40, 0.0)]
    [InlineData("uma", 100, 0.347670836844)]
    [InlineData("uma", 250, 0.0)]
    public void Drawn_los_states_occur_with_the_tables_probability(string scenario, double distanceM, double expected)
    {
        if (expected == 0) expected = scenario == "umi" ? Tr38901.UmiLosProbability(distanceM) : Tr38901.UmaLosProbability(distanceM, 1.5);
        IPathLossModel model = scenario == "umi" ? new UmiStreetCanyonPathLoss(Fc, shadowing: false) : new UmaPathLoss(Fc, shadowing: false);
        var rng = new SeededRandom(11);
        var link = new Link(distanceM, 0, 0, 0);
        const int n = 40_000;
        int los = 0;
        for (int k = 0; k < n; k++) if (model.Draw(link, rng).LineOfSight) los++;
        // Four binomial standard errors.
        double se = Math.Sqrt(expected * (1 - expected) / n);
        Assert.InRange(los / (double)n, expected - 4 * se, expected + 4 * se);
    }

    [Theory]
    [InlineData("umi", true, 4.0)]
    [InlineData("umi", false, 7.82)]
    [InlineData("uma", true, 4.0)]
    [InlineData("uma", false, 6.0)]
    public void Shadowing_is_zero_mean_normal_in_db_with_the_tables_sigma(string scenario, bool los, double sigmaDb)
    {
        var condition = los ? LinkCondition.LineOfSight : LinkCondition.NonLineOfSight;
        IPathLossModel model = scenario == "umi" ? new UmiStreetCanyonPathLoss(Fc, condition: condition) : new UmaPathLoss(Fc, condition: condition);
        var rng = new SeededRandom(5);
        var link = new Link(150, 0, 0, 0);
        const int n = 40_000;
        double sum = 0, sumSq = 0;
        for (int k = 0; k < n; k++)
        {
            var g = model.Draw(link, rng);
            // The gain carries the shadowing: -10 log10(gain) - PL is the drawn SF.
            double sf = -10 * Math.Log10(g.PowerGain) - g.PathLossDb;
            Assert.Equal(g.ShadowingDb, sf, 9);
            sum += sf;
            sumSq += sf * sf;
        }
        double mean = sum / n, sd = Math.Sqrt(sumSq / n - mean * mean);
        // Standard error of the mean sigma / 200; of the standard deviation about sigma / 283. Four of each.
        Assert.InRange(mean, -4 * sigmaDb / 200, 4 * sigmaDb / 200);
        Assert.InRange(sd, sigmaDb * (1 - 4 / 283.0), sigmaDb * (1 + 4 / 283.0));
    }

    [Fact]
    public void A_random_model_refuses_to_draw_without_a_stream_and_a_fixed_one_needs_none()
    {
        Assert.True(new UmiStreetCanyonPathLoss(Fc).IsRandom);
        Assert.Throws<ArgumentNullException>(() => new UmiStreetCanyonPathLoss(Fc).Draw(new Link(100, 0, 0, 0), null));
        var fixedModel = new UmaPathLoss(Fc, condition: LinkCondition.NonLineOfSight, shadowing: false);
        Assert.False(fixedModel.IsRandom);
        Assert.Equal(121.279172152488, fixedModel.Draw(new Link(300, 0, 0, 0), null).PathLossDb, 9);
        // Terminals at 13 m or higher draw their environment height even with the state and shadowing fixed.
        Assert.True(new UmaPathLoss(Fc, utHeightM: 15, condition: LinkCondition.LineOfSight, shadowing: false).IsRandom);
    }
}
