using System.Runtime.Intrinsics;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;
using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests.Offloading;

/// <summary>
/// The brackets the fast engine decides with must hold for the doubles the exact formulas compute: a bracket that missed
/// its exact gap by one ulp could change a decision. Both reciprocals are checked (the AVX-512 estimate where it exists,
/// and the division other machines run); without vector hardware the same code runs emulated, just slower.
/// </summary>
public class GapIntervalTests
{
    public static TheoryData<bool> Reciprocals => new() { false, true };

    private static double Log2(double x, bool division) => (division
        ? GapInterval.Log2<GapInterval.DivisionReciprocal>(Vector256.Create(x))
        : GapInterval.Log2<GapInterval.HardwareReciprocal>(Vector256.Create(x))).GetElement(0);

    [Theory]
    [MemberData(nameof(Reciprocals))]
    public void Log2_stays_within_rho_of_Math_Log2_from_one_to_the_largest_double(bool division)
    {
        var rng = new SeededRandom(2026);
        double worst = 0;
        void Check(double x)
        {
            double l = Log2(x, division), exact = Math.Log2(x);
            Assert.True(Math.Abs(l - exact) <= GapInterval.Rho * l, $"x = {x:R}: approximation {l:R}, Math.Log2 {exact:R}");
            if (exact > 0) worst = Math.Max(worst, Math.Abs(l - exact) / exact);
        }
        for (int k = 0; k < 200_000; k++)
        {
            Check(1 + rng.NextDouble());
            Check(1 + Math.Exp(rng.Uniform(-60, 25)));
            Check(Math.Exp(rng.Uniform(0, 709)));
        }
        // The ends of the reduced range, the smallest steps above 1, powers of two and the largest double.
        double sqrt2 = Math.Sqrt(2);
        foreach (double x in new[] { 1, Math.BitIncrement(1.0), 1 + 1e-12, sqrt2, Math.BitDecrement(sqrt2), Math.BitIncrement(sqrt2),
                     Math.BitDecrement(2.0), 2, 4, 1024, 1e300, double.MaxValue })
            Check(x);
        Assert.Equal(0, Log2(1, division));
        // The bound is used with an 8x margin (see GapInterval's remarks); a regression that ate it would show here first.
        Assert.True(worst < GapInterval.Rho / 8, $"worst relative error {worst:E2}");
    }

    public static TheoryData<bool, bool> ModesAndReciprocals => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(ModesAndReciprocals))]
    public void Row_brackets_every_exact_gap_and_marks_dead_only_pairs_the_exact_path_drops(bool reference, bool division)
    {
        var rng = new SeededRandom(reference ? 7u : 8u);
        int checkedPairs = 0;
        for (int epoch = 0; epoch < 120; epoch++)
        {
            int n = 1 + rng.NextInt(12), m = 4 + rng.NextInt(9);
            var (s, counts, interference, capOrMax, columns) = RandomServerState(rng, reference, n, m);
            int vec = m & ~3;
            var lo = new double[vec];
            var hi = new double[vec];
            for (int i = 0; i < n; i++)
                foreach (bool weighted in new[] { true, false })
                    foreach (var (dropInfinite, dropNonNegative) in new[] { (false, false), (true, false), (true, true) })
                        // Eight lanes at a time where the row allows it, as AVX-512 machines run it, and four.
                        foreach (bool wide in vec % 8 == 0 ? new[] { false, true } : new[] { false })
                        {
                            int first = RowAtWidth(division, wide, s, i, columns, lo, hi, weighted, dropInfinite, dropNonNegative,
                                out double lowest, out double second);
                            int expectedFirst = -1;
                            double expectedLowest = double.PositiveInfinity, expectedSecond = double.PositiveInfinity;
                            for (int j = 0; j < vec; j++)
                            {
                                string at = $"epoch {epoch}, user {i}, server {j}, weighted {weighted}, drop inf {dropInfinite}, drop >= 0 {dropNonNegative}, wide {wide}";
                                bool full = counts[j] >= capOrMax;
                                double exact = DelayModel.Gap(s, i, j, counts[j] + 1, interference[j], weighted);
                                bool dropped = full || (dropNonNegative && !(exact < 0)) || (dropInfinite && exact == double.PositiveInfinity);
                                if (double.IsNaN(lo[j]))
                                {
                                    Assert.True(dropped, $"{at}: marked dead but the exact gap {exact:R} is live");
                                    continue;
                                }
                                Assert.False(full, $"{at}: a full server was left live");
                                Assert.True(lo[j] <= exact, $"{at}: lower bound {lo[j]:R} above the exact gap {exact:R}");
                                Assert.True(exact <= hi[j] || dropped, $"{at}: upper bound {hi[j]:R} below the exact gap {exact:R}");
                                checkedPairs++;
                                if (expectedFirst < 0 || lo[j] < expectedLowest)
                                {
                                    if (expectedFirst >= 0) expectedSecond = Math.Min(expectedSecond, expectedLowest);
                                    expectedLowest = lo[j];
                                    expectedFirst = j;
                                }
                                else expectedSecond = Math.Min(expectedSecond, lo[j]);
                            }
                            Assert.Equal(expectedFirst, first);
                            if (first >= 0)
                            {
                                Assert.Equal(expectedLowest, lowest);
                                Assert.Equal(expectedSecond, second);
                            }
                        }
        }
        Assert.True(checkedPairs > 10_000, $"only {checkedPairs} live pairs were checked");
    }

    /// <summary>
    /// A random epoch of <paramref name="n"/> users on <paramref name="m"/> servers in a random state: a cap on half of them,
    /// random counts (some servers full), and no interference, a little, or far more than the noise; in a third of the epochs a
    /// random backlog (jobs in service and waits from none to far beyond the local times, some servers idle).
    /// </summary>
    private static (Scenario S, int[] Counts, double[] Interference, int CapOrMax, ServerColumns Columns) RandomServerState(SeededRandom rng,
        bool reference, int n, int m)
    {
        int cap = 1 + rng.NextInt(4);
        var p = (reference ? SystemParameters.Reference : SystemParameters.Default) with { Admission = new() { MaxUsersPerServer = rng.NextDouble() < 0.5 ? cap : null } };
        var s = RandomScenarios.Create(n, m, rng.NextUInt64(), 0.5, p);
        if (rng.NextDouble() < 1.0 / 3) s = s.WithLoad(RandomLoads.Create(rng, m));
        int capOrMax = p.Admission.MaxUsersPerServer ?? int.MaxValue;
        var counts = new int[m];
        var interference = new double[m];
        for (int j = 0; j < m; j++)
        {
            counts[j] = rng.NextInt(capOrMax == int.MaxValue ? 30 : capOrMax + 1);
            double r = rng.NextDouble();
            interference[j] = r < 0.3 ? 0 : r < 0.6 ? s.NoiseW[j] * rng.NextDouble() : s.NoiseW[j] * Math.Exp(rng.Uniform(0, 20));
        }
        var columns = new ServerColumns();
        columns.EnsureCapacity(m);
        columns.Refresh(s, counts, interference, capOrMax);
        return (s, counts, interference, capOrMax, columns);
    }

    private static int RowAtWidth(bool division, bool wide, Scenario s, int i, ServerColumns columns, double[] lo, double[] hi, bool weighted,
        bool dropInfinite, bool dropNonNegative, out double lowest, out double second)
    {
        int m = s.ServerCount, vec = lo.Length;
        // With waits the engine runs the ServerWait specialisation, as FastGreedyEngine chooses it.
        return (division, s.HasWait) switch
        {
            (true, false) => GapInterval.RowAtWidth<GapInterval.DivisionReciprocal, GapInterval.NoWait>(wide, in s.ReceivedPowerW[i * m], columns, ref lo[0],
                ref hi[0], vec, s.PayloadBits[i], s.EdgeWorkEstimate[i], s.LocalDelayS[i], s.Uncertainty[i], weighted, dropInfinite, dropNonNegative,
                out lowest, out second),
            (true, true) => GapInterval.RowAtWidth<GapInterval.DivisionReciprocal, GapInterval.ServerWait>(wide, in s.ReceivedPowerW[i * m], columns,
                ref lo[0], ref hi[0], vec, s.PayloadBits[i], s.EdgeWorkEstimate[i], s.LocalDelayS[i], s.Uncertainty[i], weighted, dropInfinite,
                dropNonNegative, out lowest, out second),
            (false, false) => GapInterval.RowAtWidth<GapInterval.HardwareReciprocal, GapInterval.NoWait>(wide, in s.ReceivedPowerW[i * m], columns, ref lo[0],
                ref hi[0], vec, s.PayloadBits[i], s.EdgeWorkEstimate[i], s.LocalDelayS[i], s.Uncertainty[i], weighted, dropInfinite, dropNonNegative,
                out lowest, out second),
            (false, true) => GapInterval.RowAtWidth<GapInterval.HardwareReciprocal, GapInterval.ServerWait>(wide, in s.ReceivedPowerW[i * m], columns,
                ref lo[0], ref hi[0], vec, s.PayloadBits[i], s.EdgeWorkEstimate[i], s.LocalDelayS[i], s.Uncertainty[i], weighted, dropInfinite,
                dropNonNegative, out lowest, out second),
        };
    }

    private static bool LowerRowAtWidth(bool division, bool wide, Scenario s, int i, ServerColumns columns, double[] lower, bool weighted,
        bool dropInfinite, bool dropNonNegative, out double lowest)
    {
        int m = s.ServerCount;
        return (division, s.HasWait) switch
        {
            (true, false) => GapInterval.LowerRowAtWidth<GapInterval.DivisionReciprocal, GapInterval.NoWait>(wide, in s.ReceivedPowerW[i * m], columns,
                ref lower[0], m, s.PayloadBits[i], s.EdgeWorkEstimate[i], s.LocalDelayS[i], s.Uncertainty[i], weighted, dropInfinite, dropNonNegative,
                out lowest),
            (true, true) => GapInterval.LowerRowAtWidth<GapInterval.DivisionReciprocal, GapInterval.ServerWait>(wide, in s.ReceivedPowerW[i * m], columns,
                ref lower[0], m, s.PayloadBits[i], s.EdgeWorkEstimate[i], s.LocalDelayS[i], s.Uncertainty[i], weighted, dropInfinite, dropNonNegative,
                out lowest),
            (false, false) => GapInterval.LowerRowAtWidth<GapInterval.HardwareReciprocal, GapInterval.NoWait>(wide, in s.ReceivedPowerW[i * m], columns,
                ref lower[0], m, s.PayloadBits[i], s.EdgeWorkEstimate[i], s.LocalDelayS[i], s.Uncertainty[i], weighted, dropInfinite, dropNonNegative,
                out lowest),
            (false, true) => GapInterval.LowerRowAtWidth<GapInterval.HardwareReciprocal, GapInterval.ServerWait>(wide, in s.ReceivedPowerW[i * m], columns,
                ref lower[0], m, s.PayloadBits[i], s.EdgeWorkEstimate[i], s.LocalDelayS[i], s.Uncertainty[i], weighted, dropInfinite, dropNonNegative,
                out lowest),
        };
    }

    [Theory]
    [MemberData(nameof(Reciprocals))]
    public void Log2_on_eight_lanes_gives_the_doubles_of_four(bool division)
    {
        var rng = new SeededRandom(31);
        var x = new double[8];
        for (int k = 0; k < 20_000; k++)
        {
            for (int q = 0; q < 8; q++) x[q] = q % 2 == 0 ? 1 + Math.Exp(rng.Uniform(-60, 25)) : Math.Exp(rng.Uniform(0, 709));
            var wide = division
                ? GapInterval.Log2<GapInterval.DivisionReciprocal>(Vector512.Create(x))
                : GapInterval.Log2<GapInterval.HardwareReciprocal>(Vector512.Create(x));
            for (int q = 0; q < 8; q++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(Log2(x[q], division)), BitConverter.DoubleToInt64Bits(wide.GetElement(q)));
        }
    }

    /// <summary>
    /// The engine brackets eight servers per instruction where AVX-512 runs and four elsewhere; its decisions may not depend
    /// on which, so both widths must write the same bits (signed zeros and NaN included) and find the same minimum.
    /// </summary>
    [Theory]
    [MemberData(nameof(ModesAndReciprocals))]
    public void Row_on_eight_lanes_writes_the_bits_of_four(bool reference, bool division)
    {
        var rng = new SeededRandom(reference ? 17u : 18u);
        int rows = 0;
        for (int epoch = 0; epoch < 60; epoch++)
        {
            int n = 1 + rng.NextInt(10), m = 8 * (1 + rng.NextInt(3));
            var (s, _, _, _, columns) = RandomServerState(rng, reference, n, m);
            double[] lo4 = new double[m], hi4 = new double[m], lo8 = new double[m], hi8 = new double[m];
            for (int i = 0; i < n; i++)
                foreach (bool weighted in new[] { true, false })
                    foreach (var (dropInfinite, dropNonNegative) in new[] { (false, false), (true, false), (true, true) })
                    {
                        int first4 = RowAtWidth(division, false, s, i, columns, lo4, hi4, weighted, dropInfinite, dropNonNegative, out double low4, out double second4);
                        int first8 = RowAtWidth(division, true, s, i, columns, lo8, hi8, weighted, dropInfinite, dropNonNegative, out double low8, out double second8);
                        Assert.Equal(first4, first8);
                        Assert.Equal(low4, low8);
                        Assert.Equal(second4, second8);
                        for (int j = 0; j < m; j++)
                        {
                            Assert.Equal(BitConverter.DoubleToInt64Bits(lo4[j]), BitConverter.DoubleToInt64Bits(lo8[j]));
                            Assert.Equal(BitConverter.DoubleToInt64Bits(hi4[j]), BitConverter.DoubleToInt64Bits(hi8[j]));
                        }
                        rows++;
                    }
        }
        Assert.True(rows > 1000, $"only {rows} rows compared");
    }

    /// <summary>
    /// Build brackets each user's row once with lower bounds only; those must be the very doubles <see cref="GapInterval.Row{TReciprocal, TWait}"/>
    /// writes (the engine later compares them with bounds from full rows) and the minimum and liveness the same, at both widths.
    /// </summary>
    [Theory]
    [MemberData(nameof(ModesAndReciprocals))]
    public void LowerRow_writes_the_lower_bounds_of_Row_and_finds_their_minimum(bool reference, bool division)
    {
        var rng = new SeededRandom(reference ? 27u : 28u);
        int rows = 0, deadRows = 0;
        for (int epoch = 0; epoch < 60; epoch++)
        {
            int n = 1 + rng.NextInt(10), m = 4 * (1 + rng.NextInt(6));
            var (s, _, _, _, columns) = RandomServerState(rng, reference, n, m);
            double[] lo = new double[m], hi = new double[m], lower = new double[m];
            for (int i = 0; i < n; i++)
                foreach (bool weighted in new[] { true, false })
                    foreach (var (dropInfinite, dropNonNegative) in new[] { (false, false), (true, false), (true, true) })
                        foreach (bool wide in m % 8 == 0 ? new[] { false, true } : new[] { false })
                        {
                            int first = RowAtWidth(division, wide, s, i, columns, lo, hi, weighted, dropInfinite, dropNonNegative, out double lowest, out _);
                            Array.Fill(lower, 42.0);
                            bool live = LowerRowAtWidth(division, wide, s, i, columns, lower, weighted, dropInfinite, dropNonNegative, out double lowerLowest);
                            for (int j = 0; j < m; j++)
                                Assert.Equal(BitConverter.DoubleToInt64Bits(lo[j]), BitConverter.DoubleToInt64Bits(lower[j]));
                            Assert.Equal(first >= 0, live);
                            if (live) Assert.Equal(lowest, lowerLowest);
                            else deadRows++;
                            rows++;
                        }
        }
        Assert.True(rows > 1000 && deadRows > 10, $"only {rows} rows ({deadRows} with no live pair) compared");
    }
}
