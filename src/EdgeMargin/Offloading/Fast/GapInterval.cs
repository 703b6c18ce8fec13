using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeMargin.Offloading.Fast;

/// <summary>
/// Cheap, guaranteed brackets lo &lt;= gap &lt;= hi of the exact gaps <see cref="DelayModel.Gap(EdgeMargin.Scenarios.Scenario, int, int, in ServerState, bool)"/>
/// computes, four servers at a time and without calling <see cref="Math.Log2"/>. The fast engine decides with them whenever
/// they separate the candidates (one bracket entirely below every other); it falls back to the exact gaps when they do not,
/// so decisions stay those of the exact formulas (see docs/fast-goa.md).
/// </summary>
/// <remarks>
/// <para>
/// Why the brackets hold for the computed doubles, not just for the real numbers: the exact path computes
/// L = Math.Log2(1 + P / (I + N)), rate = share * L and comm = bits / rate. <see cref="Log2"/> returns l with
/// |l - Math.Log2(x)| &lt;= <see cref="Rho"/> l for every finite x &gt;= 1 (a truncated atanh series after range reduction to
/// [sqrt(1/2), sqrt(2)]: its remainder is below 2^-34 of l, the reciprocal in t (<see cref="IReciprocal"/>) adds about 2^-27, roundings and
/// Math.Log2's own ulp or two far less, so Rho = 2^-24 leaves a factor of eight). comm is then within (1 +- 2 Rho) of
/// bits / (share * l), which the row evaluation widens by exactly that. The edge time is work * (1 / C) widened by 2^-50 (three roundings against one). The rest
/// (comm + edge - local, times u &gt;= 0) is monotone in IEEE arithmetic, so a lower (upper) operand gives a lower (upper)
/// result. Two inputs are handed to the exact path with the widest bracket instead: 1 + SINR computed from P * (1 / (I + N))
/// may round to a neighbour of the exact path's 1 + P / (I + N), which matters only when log2(1 + SINR) is below 2^-20
/// (a channel that is all but dead), and a non-finite 1 + SINR (validated scenarios never have one).
/// </para>
/// <para>
/// NaN marks a dead pair in the bound rows, so a lower bound that would be NaN is stored as -infinity (always valid) and an
/// upper bound that is not finite as +infinity.
/// </para>
/// </remarks>
internal static class GapInterval
{
    /// <summary>1 / x to a relative 2^-27 or better; the engine uses <see cref="HardwareReciprocal"/>, tests both.</summary>
    public interface IReciprocal
    {
        /// <summary>1 / x, lane by lane.</summary>
        static abstract Vector256<double> Of(Vector256<double> x);
    }

    /// <summary>AVX-512's 14-bit estimate refined by one Newton step (relative error about 2^-28), else a division.</summary>
    public readonly struct HardwareReciprocal : IReciprocal
    {
        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Of(Vector256<double> x)
        {
            if (Avx512F.VL.IsSupported)
            {
                var y = Avx512F.VL.Reciprocal14(x);
                var e = Vector256.FusedMultiplyAdd(-x, y, Vector256<double>.One);
                return Vector256.FusedMultiplyAdd(y, e, y);
            }
            return DivisionReciprocal.Of(x);
        }
    }

    /// <summary>A correctly rounded division: what machines without AVX-512 run.</summary>
    public readonly struct DivisionReciprocal : IReciprocal
    {
        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Of(Vector256<double> x) => Vector256<double>.One / x;
    }

    /// <summary>Relative bound on |<see cref="Log2"/>(x) - Math.Log2(x)| / Log2(x); a test checks it on millions of points.</summary>
    public const double Rho = 1.0 / (1L << 24);

    /// <summary>Whether the vector path runs here; without it the fast engine uses exact gaps only.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    private const double Sqrt2 = 1.4142135623730951;
    private const double TwoOverLn2 = 2.8853900817779268;
    private const double CommLower = 1 - 2 * Rho, CommUpper = 1 + 2 * Rho;
    private const double EdgeLower = 1 - 1.0 / (1L << 50), EdgeUpper = 1 + 1.0 / (1L << 50);
    private const double DeadChannelLog2 = 1.0 / (1 << 20);

    /// <summary>log2(x) for finite x &gt;= 1, within a relative <see cref="Rho"/> of Math.Log2(x) (0 at x = 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log2<TReciprocal>(Vector256<double> x) where TReciprocal : struct, IReciprocal
    {
        var bits = x.AsUInt64();
        var e = Vector256.ConvertToDouble((bits >> 52).AsInt64() - Vector256.Create(1023L));
        var f = ((bits & Vector256.Create(0x000FFFFFFFFFFFFFUL)) | Vector256.Create(0x3FF0000000000000UL)).AsDouble();
        // Halving f above sqrt(2) keeps t = (f - 1) / (f + 1) within +-0.1716, where six series terms suffice.
        var big = Vector256.GreaterThan(f, Vector256.Create(Sqrt2));
        f = Vector256.ConditionalSelect(big, f * Vector256.Create(0.5), f);
        e += big & Vector256<double>.One;
        var t = (f - Vector256<double>.One) * TReciprocal.Of(f + Vector256<double>.One);
        var t2 = t * t;
        // ln f = 2 (t + t^3/3 + t^5/5 + ...): the remainder after t^11/11 is below 2|t|^13 / (13 (1 - t^2)).
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 11), t2, Vector256.Create(1.0 / 9));
        p = Vector256.FusedMultiplyAdd(p, t2, Vector256.Create(1.0 / 7));
        p = Vector256.FusedMultiplyAdd(p, t2, Vector256.Create(1.0 / 5));
        p = Vector256.FusedMultiplyAdd(p, t2, Vector256.Create(1.0 / 3));
        p = Vector256.FusedMultiplyAdd(p, t2, Vector256<double>.One);
        return e + p * t * Vector256.Create(TwoOverLn2);
    }

    /// <summary>
    /// Brackets the gaps of one user on servers [0, count) (count a multiple of 4) in the servers' current state: lower
    /// bounds into <paramref name="lo"/> (NaN for a dead pair: a full server, or one the phase drops), upper bounds into
    /// <paramref name="hi"/>. Returns the first server holding the smallest live lower bound (-1 when none is live) with that
    /// bound and the smallest lower bound of the other servers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Row<TReciprocal>(ref readonly double power, ServerColumns servers, ref double lo, ref double hi, int count,
        double bits, double work, double local, double u, bool weighted, bool dropInfinite, bool dropNonNegative,
        out double lowest, out double secondLowest) where TReciprocal : struct, IReciprocal
    {
        var inf = Vector256.Create(double.PositiveInfinity);
        var zero = Vector256<double>.Zero;
        var vBits = Vector256.Create(bits);
        var vLocal = Vector256.Create(local);
        var vU = Vector256.Create(u);
        var workLo = Vector256.Create(work * EdgeLower);
        var workHi = Vector256.Create(work * EdgeUpper);
        ref double share = ref MemoryMarshal.GetArrayDataReference(servers.BandwidthShare);
        ref double inverseNoise = ref MemoryMarshal.GetArrayDataReference(servers.InverseInterferencePlusNoise);
        ref double inverseComputeShare = ref MemoryMarshal.GetArrayDataReference(servers.InverseComputeShare);
        ref double deadIfFull = ref MemoryMarshal.GetArrayDataReference(servers.DeadIfFull);
        var min1 = inf;
        var min2 = inf;
        for (int j = 0; j < count; j += 4)
        {
            Vector256<double> commLo, commHi;
            if (bits == 0)
            {
                commLo = zero;
                commHi = zero;
            }
            else
            {
                var x = Vector256<double>.One + Vector256.LoadUnsafe(in power, (nuint)j) * Vector256.LoadUnsafe(ref inverseNoise, (nuint)j);
                var l = Log2<TReciprocal>(x);
                var c = vBits * TReciprocal.Of(Vector256.LoadUnsafe(ref share, (nuint)j) * l);
                var usable = Vector256.GreaterThanOrEqual(l, Vector256.Create(DeadChannelLog2)) & Vector256.LessThan(x, inf);
                commLo = Vector256.ConditionalSelect(usable, c * Vector256.Create(CommLower), zero);
                commHi = Vector256.ConditionalSelect(usable, c * Vector256.Create(CommUpper), inf);
            }
            var inverseCompute = Vector256.LoadUnsafe(ref inverseComputeShare, (nuint)j);
            var gLo = commLo + workLo * inverseCompute - vLocal;
            var gHi = commHi + workHi * inverseCompute - vLocal;
            if (weighted)
            {
                gLo *= vU;
                gHi *= vU;
            }
            gLo = Vector256.ConditionalSelect(Vector256.Equals(gLo, gLo), gLo, Vector256.Create(double.NegativeInfinity));
            gHi = Vector256.ConditionalSelect(Vector256.LessThan(gHi, inf), gHi, inf);
            // Full servers add NaN, everything else 0.
            gLo += Vector256.LoadUnsafe(ref deadIfFull, (nuint)j);
            var dead = Vector256.Create(double.NaN);
            if (dropNonNegative) gLo = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(gLo, zero), dead, gLo);
            if (dropInfinite) gLo = Vector256.ConditionalSelect(Vector256.Equals(gLo, inf), dead, gLo);
            gLo.StoreUnsafe(ref lo, (nuint)j);
            gHi.StoreUnsafe(ref hi, (nuint)j);
            var live = Vector256.ConditionalSelect(Vector256.Equals(gLo, gLo), gLo, inf);
            min2 = Vector256.Min(min2, Vector256.Max(min1, live));
            min1 = Vector256.Min(min1, live);
        }
        // Fold the four lanes pairwise, keeping the smallest and the second smallest of all that was folded.
        var a1 = min1.GetLower();
        var b1 = min1.GetUpper();
        var m1 = Vector128.Min(a1, b1);
        var m2 = Vector128.Min(Vector128.Min(min2.GetLower(), min2.GetUpper()), Vector128.Max(a1, b1));
        var s1 = Vector128.Shuffle(m1, Vector128.Create(1L, 0L));
        var s2 = Vector128.Shuffle(m2, Vector128.Create(1L, 0L));
        lowest = Vector128.Min(m1, s1).ToScalar();
        secondLowest = Vector128.Min(Vector128.Min(m2, s2), Vector128.Max(m1, s1)).ToScalar();
        // -0.0 and +0.0 compare equal, as in the exact scan; a dead NaN never equals anything.
        var target = Vector256.Create(lowest);
        if (count <= 64)
        {
            // Where the minimum sits is data the branch predictor cannot guess, and it is known only at the end of the
            // longest dependency chain here: gather the matches of all groups into one mask and take its lowest bit.
            ulong matches = 0;
            for (int j = 0; j < count; j += 4)
                matches |= (ulong)Vector256.Equals(Vector256.LoadUnsafe(ref lo, (nuint)j), target).ExtractMostSignificantBits() << j;
            int first = BitOperations.TrailingZeroCount(matches);
            return first < 64 ? first : -1;
        }
        for (int j = 0; j < count; j += 4)
        {
            uint mask = Vector256.Equals(Vector256.LoadUnsafe(ref lo, (nuint)j), target).ExtractMostSignificantBits();
            if (mask != 0) return j + BitOperations.TrailingZeroCount(mask);
        }
        return -1;
    }
}
