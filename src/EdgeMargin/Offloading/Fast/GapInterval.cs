using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeMargin.Offloading.Fast;

/// <summary>
/// Cheap, guaranteed brackets lo &lt;= gap &lt;= hi of the exact gaps <see cref="DelayModel.Gap(EdgeMargin.Scenarios.Scenario, int, int, in ServerState, bool)"/>
/// computes, four or eight servers at a time and without calling <see cref="Math.Log2"/>. The fast engine decides with them whenever
/// they separate the candidates (one bracket entirely below every other); it falls back to the exact gaps when they do not,
/// so decisions stay those of the exact formulas (see docs/fast-goa.md).
/// </summary>
/// <remarks>
/// <para>
/// Why the brackets hold for the computed doubles, not just for the real numbers: the exact path computes
/// L = Math.Log2(1 + P / (I + N)), rate = share * L and comm = bits / rate. <see cref="Log2{TReciprocal}(Vector256{double})"/>
/// returns l with |l - Math.Log2(x)| &lt;= <see cref="Rho"/> l for every finite x &gt;= 1 (a truncated atanh series after
/// range reduction to [sqrt(1/2), sqrt(2)]: its remainder is below 2^-34 of l, the quotient in t (<see cref="IReciprocal"/>)
/// adds about 2^-27, roundings and Math.Log2's own ulp or two far less, so Rho = 2^-24 leaves a factor of eight). The row
/// evaluation computes comm as (bits (1 -+ 2 Rho) (1 / share)) / l, the division by l again through a reciprocal estimate
/// (2^-28), so the payload's factor covers l's error, the quotient's and a handful of roundings, well inside the margin.
/// The edge time is work (1 -+ 2^-50) times 1 / C, added to the upload bound in one fused multiply-add: the unrounded
/// product is within two roundings of work / C, against the exact path's one, so it stays below (above) the exact path's
/// edge time, and the fused sum rounds monotonically. The rest (comm + edge - (local - W_j), times u &gt;= 0; W_j = 0 without a
/// backlog, see <see cref="IWaitTerm"/>) is monotone in IEEE
/// arithmetic, so a lower (upper) operand gives a lower (upper) result. Two inputs are handed to the exact path with the
/// widest bracket instead: 1 + SINR computed as one fused multiply-add of P and 1 / (I + N) may round to a neighbour of the
/// exact path's 1 + P / (I + N), which matters only when log2(1 + SINR) is below 2^-20 (a channel that is all but dead),
/// and a non-finite 1 + SINR (validated scenarios never have one).
/// </para>
/// <para>
/// NaN marks a dead pair in the bound rows, so a lower bound that would be NaN is stored as -infinity (always valid) and an
/// upper bound that is not finite as +infinity.
/// </para>
/// </remarks>
internal static class GapInterval
{
    /// <summary>
    /// Quotients a / x to a relative 2^-27 or better, from an estimate y of 1 / x and its residual 1 - x y:
    /// <see cref="Quotient(Vector256{double}, Vector256{double}, Vector256{double})"/> applies the Newton correction to the
    /// product a y rather than to y, one operation fewer on the dependency chain a row waits on. The engine uses
    /// <see cref="HardwareReciprocal"/>; the tests check both.
    /// </summary>
    public interface IReciprocal
    {
        /// <summary>An estimate of 1 / x, lane by lane, and its residual 1 - x y.</summary>
        static abstract Vector256<double> Of(Vector256<double> x, out Vector256<double> residual);

        /// <summary>The same on eight lanes, with the same doubles as the four-lane overload.</summary>
        static abstract Vector512<double> Of(Vector512<double> x, out Vector512<double> residual);
    }

    /// <summary>AVX-512's 14-bit estimate, whose quotients one Newton correction takes to a relative 2^-28; else a division.</summary>
    public readonly struct HardwareReciprocal : IReciprocal
    {
        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Of(Vector256<double> x, out Vector256<double> residual)
        {
            if (Avx512F.VL.IsSupported)
            {
                var y = Avx512F.VL.Reciprocal14(x);
                residual = Vector256.FusedMultiplyAdd(-x, y, Vector256<double>.One);
                return y;
            }
            return DivisionReciprocal.Of(x, out residual);
        }

        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Of(Vector512<double> x, out Vector512<double> residual)
        {
            if (Avx512F.IsSupported)
            {
                var y = Avx512F.Reciprocal14(x);
                residual = Vector512.FusedMultiplyAdd(-x, y, Vector512<double>.One);
                return y;
            }
            return DivisionReciprocal.Of(x, out residual);
        }
    }

    /// <summary>A correctly rounded 1 / x with a zero residual: what machines without AVX-512 run.</summary>
    public readonly struct DivisionReciprocal : IReciprocal
    {
        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Of(Vector256<double> x, out Vector256<double> residual)
        {
            residual = Vector256<double>.Zero;
            return Vector256<double>.One / x;
        }

        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Of(Vector512<double> x, out Vector512<double> residual)
        {
            residual = Vector512<double>.Zero;
            return Vector512<double>.One / x;
        }
    }

    /// <summary>
    /// Whether the gaps carry the servers' waits W_j (<see cref="EdgeMargin.Scenarios.ServerLoad.WaitS"/>): a type parameter
    /// rather than a flag, so the static model's brackets are compiled without the term and cost what they did before it
    /// existed. The brackets then subtract t_local - W_j, the very double the exact gap subtracts, computed off the dependency
    /// chain; the argument of the class remarks is unchanged (an operand common to both sides of a monotone operation).
    /// </summary>
    public interface IWaitTerm
    {
        /// <summary>Whether the term is subtracted (a constant once the JIT specialises the bracket).</summary>
        static abstract bool Enabled { get; }
    }

    /// <summary>The static model: every server's wait is zero, and t_local is subtracted as it is.</summary>
    public readonly struct NoWait : IWaitTerm
    {
        /// <inheritdoc />
        public static bool Enabled => false;
    }

    /// <summary>Waits from <see cref="ServerColumns.WaitS"/>.</summary>
    public readonly struct ServerWait : IWaitTerm
    {
        /// <inheritdoc />
        public static bool Enabled => true;
    }

    /// <summary>a / x from an estimate y of 1 / x and its residual r = 1 - x y: a y (1 + r), whose relative error is the square
    /// of y's (the Newton step, applied to the product rather than to y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Quotient(Vector256<double> a, Vector256<double> y, Vector256<double> residual)
    {
        var ay = a * y;
        return Vector256.FusedMultiplyAdd(ay, residual, ay);
    }

    /// <summary><see cref="Quotient(Vector256{double}, Vector256{double}, Vector256{double})"/> on eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Quotient(Vector512<double> a, Vector512<double> y, Vector512<double> residual)
    {
        var ay = a * y;
        return Vector512.FusedMultiplyAdd(ay, residual, ay);
    }

    /// <summary>Relative bound on |<see cref="Log2{TReciprocal}(Vector256{double})"/>(x) - Math.Log2(x)| / Log2(x); a test checks it on millions of points.</summary>
    public const double Rho = 1.0 / (1L << 24);

    /// <summary>Whether the vector path runs here; without it the fast engine uses exact gaps only.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>Whether <see cref="Row{TReciprocal, TWait}"/> brackets eight servers per instruction (AVX-512) when the row allows.</summary>
    public static bool IsWide => Vector512.IsHardwareAccelerated;

    /// <summary>The bits of sqrt(1/2) rounded to a double; the log's range reduction pivots on it.</summary>
    private const ulong SqrtHalfBits = 0x3FE6A09E667F3BCD;
    private const ulong MantissaMask = 0x000FFFFFFFFFFFFF;
    private const double TwoOverLn2 = 2.8853900817779268;
    private const double CommLower = 1 - 2 * Rho, CommUpper = 1 + 2 * Rho;
    private const double EdgeLower = 1 - 1.0 / (1L << 50), EdgeUpper = 1 + 1.0 / (1L << 50);
    private const double DeadChannelLog2 = 1.0 / (1 << 20);

    /// <summary>log2(x) for finite x &gt;= 1, within a relative <see cref="Rho"/> of Math.Log2(x) (0 at x = 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log2<TReciprocal>(Vector256<double> x) where TReciprocal : struct, IReciprocal
    {
        // x = f 2^e with f in [sqrt(1/2), sqrt(2)), so t = (f - 1) / (f + 1) stays within +-0.1716, where six series terms
        // suffice. Subtracting the bits of sqrt(1/2) borrows from the exponent field exactly when the mantissa is below
        // sqrt(2)'s, so one subtraction, shift, mask and addition make the reduction (x >= 1, so k is positive).
        var k = x.AsUInt64() - Vector256.Create(SqrtHalfBits);
        var e = Vector256.ConvertToDouble((k >> 52).AsInt64());
        var f = ((k & Vector256.Create(MantissaMask)) + Vector256.Create(SqrtHalfBits)).AsDouble();
        var y = TReciprocal.Of(f + Vector256<double>.One, out var residual);
        var t = Quotient(f - Vector256<double>.One, y, residual);
        // log2 f = (2 / ln 2) (t + t^3/3 + t^5/5 + ...): the remainder after t^11/11 is below 2|t|^13 / (13 (1 - t^2)) of ln f's
        // scale. The factor 2 / ln 2 sits in the coefficients, and the series is evaluated as e + t low(z) + t z^2 (mid(z) +
        // z^2 high(z)) with z = t^2 and three independent pairs (Estrin's scheme), which shortens the dependency chain a row
        // waits on; the value differs from nested evaluation only in its last bits.
        var z = t * t;
        var z2 = z * z;
        var low = Vector256.FusedMultiplyAdd(Vector256.Create(TwoOverLn2 / 3), z, Vector256.Create(TwoOverLn2));
        var mid = Vector256.FusedMultiplyAdd(Vector256.Create(TwoOverLn2 / 7), z, Vector256.Create(TwoOverLn2 / 5));
        var high = Vector256.FusedMultiplyAdd(Vector256.Create(TwoOverLn2 / 11), z, Vector256.Create(TwoOverLn2 / 9));
        return Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(high, z2, mid), t * z2, Vector256.FusedMultiplyAdd(t, low, e));
    }

    /// <summary>The same operations as <see cref="Log2{TReciprocal}(Vector256{double})"/> on eight lanes: the same doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log2<TReciprocal>(Vector512<double> x) where TReciprocal : struct, IReciprocal
    {
        var k = x.AsUInt64() - Vector512.Create(SqrtHalfBits);
        var e = Vector512.ConvertToDouble((k >> 52).AsInt64());
        var f = ((k & Vector512.Create(MantissaMask)) + Vector512.Create(SqrtHalfBits)).AsDouble();
        var y = TReciprocal.Of(f + Vector512<double>.One, out var residual);
        var t = Quotient(f - Vector512<double>.One, y, residual);
        var z = t * t;
        var z2 = z * z;
        var low = Vector512.FusedMultiplyAdd(Vector512.Create(TwoOverLn2 / 3), z, Vector512.Create(TwoOverLn2));
        var mid = Vector512.FusedMultiplyAdd(Vector512.Create(TwoOverLn2 / 7), z, Vector512.Create(TwoOverLn2 / 5));
        var high = Vector512.FusedMultiplyAdd(Vector512.Create(TwoOverLn2 / 11), z, Vector512.Create(TwoOverLn2 / 9));
        return Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(high, z2, mid), t * z2, Vector512.FusedMultiplyAdd(t, low, e));
    }

    /// <summary>
    /// Brackets the gaps of one user on servers [0, count) (count a multiple of 4) in the servers' current state: lower
    /// bounds into <paramref name="lo"/> (NaN for a dead pair: a full server, or one the phase drops), upper bounds into
    /// <paramref name="hi"/>. Returns the first server holding the smallest live lower bound (-1 when none is live) with that
    /// bound and the smallest lower bound of the other servers. Eight servers per instruction where AVX-512 runs and count
    /// is a multiple of 8 (<see cref="IsWide"/>), else four; the doubles are the same either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Row<TReciprocal, TWait>(ref readonly double power, ServerColumns servers, ref double lo, ref double hi, int count,
        double bits, double work, double local, double u, bool weighted, bool dropInfinite, bool dropNonNegative,
        out double lowest, out double secondLowest) where TReciprocal : struct, IReciprocal where TWait : struct, IWaitTerm
        => RowAtWidth<TReciprocal, TWait>(IsWide && count % 8 == 0, in power, servers, ref lo, ref hi, count, bits, work, local, u, weighted, dropInfinite,
            dropNonNegative, out lowest, out secondLowest);

    /// <summary><see cref="Row{TReciprocal, TWait}"/> with the width chosen (<paramref name="wide"/>: eight lanes, count a multiple of 8),
    /// so tests can run both on any machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RowAtWidth<TReciprocal, TWait>(bool wide, ref readonly double power, ServerColumns servers, ref double lo, ref double hi, int count,
        double bits, double work, double local, double u, bool weighted, bool dropInfinite, bool dropNonNegative,
        out double lowest, out double secondLowest) where TReciprocal : struct, IReciprocal where TWait : struct, IWaitTerm
    {
        // Two copies of one bracket, four and eight lanes wide. A single generic version over a lane-vector abstraction was
        // measured 5-8 % slower over whole epochs: its wrapper calls exhaust the JIT's inlining budget inside the engine.
        if (wide)
            for (int j = 0; j < count; j += 8)
                Bracket8<TReciprocal, TWait>(in power, servers, ref lo, ref hi, (nuint)j, bits, work, local, u, weighted, dropInfinite, dropNonNegative);
        else
            for (int j = 0; j < count; j += 4)
                Bracket4<TReciprocal, TWait>(in power, servers, ref lo, ref hi, (nuint)j, bits, work, local, u, weighted, dropInfinite, dropNonNegative);
        return Lowest(ref lo, count, out lowest, out secondLowest);
    }

    /// <summary>
    /// <see cref="Row{TReciprocal, TWait}"/>'s lower bounds alone (the same doubles, into <paramref name="lo"/>) and the smallest live one in
    /// <paramref name="lowest"/>; returns whether any pair is live. This is all a user needs before it first reaches the top of the
    /// heap, and it skips the upper bounds and the search for where the minimum sits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LowerRow<TReciprocal, TWait>(ref readonly double power, ServerColumns servers, ref double lo, int count,
        double bits, double work, double local, double u, bool weighted, bool dropInfinite, bool dropNonNegative, out double lowest)
        where TReciprocal : struct, IReciprocal where TWait : struct, IWaitTerm
        => LowerRowAtWidth<TReciprocal, TWait>(IsWide && count % 8 == 0, in power, servers, ref lo, count, bits, work, local, u, weighted, dropInfinite,
            dropNonNegative, out lowest);

    /// <summary><see cref="LowerRow{TReciprocal, TWait}"/> with the width chosen, so tests can run both on any machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LowerRowAtWidth<TReciprocal, TWait>(bool wide, ref readonly double power, ServerColumns servers, ref double lo, int count,
        double bits, double work, double local, double u, bool weighted, bool dropInfinite, bool dropNonNegative, out double lowest)
        where TReciprocal : struct, IReciprocal where TWait : struct, IWaitTerm
    {
        // Never written: withUpper is false, a constant once inlined, so no upper bound is computed or stored.
        double noUpper = 0;
        // The minimum is folded from the bounds as they are computed rather than read back from the row, so rows overlap better.
        Vector256<double> min;
        ulong live = 0;
        if (wide)
        {
            var inf8 = Vector512.Create(double.PositiveInfinity);
            var min8 = inf8;
            for (int j = 0; j < count; j += 8)
            {
                var v = Bracket8<TReciprocal, TWait>(in power, servers, ref lo, ref noUpper, (nuint)j, bits, work, local, u, weighted, dropInfinite,
                    dropNonNegative, withUpper: false);
                var isLive = Vector512.Equals(v, v);
                live |= isLive.ExtractMostSignificantBits();
                min8 = Vector512.MinNative(min8, Vector512.ConditionalSelect(isLive, v, inf8));
            }
            min = Vector256.MinNative(min8.GetLower(), min8.GetUpper());
        }
        else
        {
            var inf4 = Vector256.Create(double.PositiveInfinity);
            min = inf4;
            for (int j = 0; j < count; j += 4)
            {
                var v = Bracket4<TReciprocal, TWait>(in power, servers, ref lo, ref noUpper, (nuint)j, bits, work, local, u, weighted, dropInfinite,
                    dropNonNegative, withUpper: false);
                var isLive = Vector256.Equals(v, v);
                live |= isLive.ExtractMostSignificantBits();
                min = Vector256.MinNative(min, Vector256.ConditionalSelect(isLive, v, inf4));
            }
        }
        var half = Vector128.MinNative(min.GetLower(), min.GetUpper());
        lowest = Vector128.MinNative(half, Vector128.Shuffle(half, Vector128.Create(1L, 0L))).ToScalar();
        return live != 0;
    }

    /// <summary>Brackets the gaps on servers [at, at + 4) into the same places of <paramref name="lo"/> and <paramref name="hi"/>
    /// (upper bounds only when <paramref name="withUpper"/>). Keep in step with
    /// <see cref="DelayModel.Gap(EdgeMargin.Scenarios.Scenario, int, int, in ServerState, bool)"/> (see its remarks): this is the
    /// same formula, and the class remarks argue its margins operation by operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Bracket4<TReciprocal, TWait>(ref readonly double power, ServerColumns servers, ref double lo, ref double hi, nuint at,
        double bits, double work, double local, double u, bool weighted, bool dropInfinite, bool dropNonNegative, bool withUpper = true)
        where TReciprocal : struct, IReciprocal where TWait : struct, IWaitTerm
    {
        var inf = Vector256.Create(double.PositiveInfinity);
        var zero = Vector256<double>.Zero;
        Vector256<double> commLo, commHi;
        if (bits == 0)
        {
            commLo = zero;
            commHi = zero;
        }
        else
        {
            var x = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(in power, at), Vector256.LoadUnsafe(in servers.InverseInterferencePlusNoise[0], at),
                Vector256<double>.One);
            var l = Log2<TReciprocal>(x);
            var y = TReciprocal.Of(l, out var residual);
            var usable = Vector256.GreaterThanOrEqual(l, Vector256.Create(DeadChannelLog2)) & Vector256.LessThan(x, inf);
            // bits / (share l) as (bits / share) / l, with the margins on the payload: the numerators are ready before the
            // logarithm, so only the division by l waits on it; the roundings this adds are far inside the margin.
            var inverseShare = Vector256.LoadUnsafe(in servers.InverseBandwidthShare[0], at);
            commLo = Vector256.ConditionalSelect(usable, Quotient(Vector256.Create(bits * CommLower) * inverseShare, y, residual), zero);
            commHi = Vector256.ConditionalSelect(usable, Quotient(Vector256.Create(bits * CommUpper) * inverseShare, y, residual), inf);
        }
        var inverseCompute = Vector256.LoadUnsafe(in servers.InverseComputeShare[0], at);
        var vLocal = Vector256.Create(local);
        // t_local - W_j: the exact gap's subtrahend, the same double (see IWaitTerm).
        if (TWait.Enabled) vLocal -= Vector256.LoadUnsafe(in servers.WaitS[0], at);
        var gLo = Vector256.FusedMultiplyAdd(Vector256.Create(work * EdgeLower), inverseCompute, commLo) - vLocal;
        var gHi = Vector256.FusedMultiplyAdd(Vector256.Create(work * EdgeUpper), inverseCompute, commHi) - vLocal;
        if (weighted)
        {
            gLo *= Vector256.Create(u);
            gHi *= Vector256.Create(u);
        }
        // Dead: a full server (its column holds NaN) or a pair the phase drops. The tests run side by side on the bound, not
        // one after another, again to keep the chain short.
        var full = Vector256.LoadUnsafe(in servers.DeadIfFull[0], at);
        var dead = ~Vector256.Equals(full, full);
        if (dropNonNegative) dead |= Vector256.GreaterThanOrEqual(gLo, zero);
        if (dropInfinite) dead |= Vector256.Equals(gLo, inf);
        gLo = Vector256.ConditionalSelect(Vector256.Equals(gLo, gLo), gLo, Vector256.Create(double.NegativeInfinity));
        var lower = Vector256.ConditionalSelect(dead, Vector256.Create(double.NaN), gLo);
        lower.StoreUnsafe(ref lo, at);
        if (withUpper) Vector256.ConditionalSelect(Vector256.LessThan(gHi, inf), gHi, inf).StoreUnsafe(ref hi, at);
        return lower;
    }

    /// <summary><see cref="Bracket4{TReciprocal, TWait}"/> on eight servers: the same operations, so the same doubles. Keep in step with
    /// <see cref="Bracket4{TReciprocal, TWait}"/> and so with <see cref="DelayModel.Gap(EdgeMargin.Scenarios.Scenario, int, int, in ServerState, bool)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Bracket8<TReciprocal, TWait>(ref readonly double power, ServerColumns servers, ref double lo, ref double hi, nuint at,
        double bits, double work, double local, double u, bool weighted, bool dropInfinite, bool dropNonNegative, bool withUpper = true)
        where TReciprocal : struct, IReciprocal where TWait : struct, IWaitTerm
    {
        var inf = Vector512.Create(double.PositiveInfinity);
        var zero = Vector512<double>.Zero;
        Vector512<double> commLo, commHi;
        if (bits == 0)
        {
            commLo = zero;
            commHi = zero;
        }
        else
        {
            var x = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(in power, at), Vector512.LoadUnsafe(in servers.InverseInterferencePlusNoise[0], at),
                Vector512<double>.One);
            var l = Log2<TReciprocal>(x);
            var y = TReciprocal.Of(l, out var residual);
            var usable = Vector512.GreaterThanOrEqual(l, Vector512.Create(DeadChannelLog2)) & Vector512.LessThan(x, inf);
            var inverseShare = Vector512.LoadUnsafe(in servers.InverseBandwidthShare[0], at);
            commLo = Vector512.ConditionalSelect(usable, Quotient(Vector512.Create(bits * CommLower) * inverseShare, y, residual), zero);
            commHi = Vector512.ConditionalSelect(usable, Quotient(Vector512.Create(bits * CommUpper) * inverseShare, y, residual), inf);
        }
        var inverseCompute = Vector512.LoadUnsafe(in servers.InverseComputeShare[0], at);
        var vLocal = Vector512.Create(local);
        if (TWait.Enabled) vLocal -= Vector512.LoadUnsafe(in servers.WaitS[0], at);
        var gLo = Vector512.FusedMultiplyAdd(Vector512.Create(work * EdgeLower), inverseCompute, commLo) - vLocal;
        var gHi = Vector512.FusedMultiplyAdd(Vector512.Create(work * EdgeUpper), inverseCompute, commHi) - vLocal;
        if (weighted)
        {
            gLo *= Vector512.Create(u);
            gHi *= Vector512.Create(u);
        }
        var full = Vector512.LoadUnsafe(in servers.DeadIfFull[0], at);
        var dead = ~Vector512.Equals(full, full);
        if (dropNonNegative) dead |= Vector512.GreaterThanOrEqual(gLo, zero);
        if (dropInfinite) dead |= Vector512.Equals(gLo, inf);
        gLo = Vector512.ConditionalSelect(Vector512.Equals(gLo, gLo), gLo, Vector512.Create(double.NegativeInfinity));
        var lower = Vector512.ConditionalSelect(dead, Vector512.Create(double.NaN), gLo);
        lower.StoreUnsafe(ref lo, at);
        if (withUpper) Vector512.ConditionalSelect(Vector512.LessThan(gHi, inf), gHi, inf).StoreUnsafe(ref hi, at);
        return lower;
    }

    /// <summary>
    /// The first index in [0, count) holding the smallest live bound of <paramref name="lo"/> (NaN is dead; -1 when none is
    /// live), with that bound and the smallest bound at the other indices.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Lowest(ref double lo, int count, out double lowest, out double secondLowest)
    {
        var inf = Vector256.Create(double.PositiveInfinity);
        // Lane by lane, then across the lanes; no NaN reaches MinNative, whose NaN rule is the hardware's.
        var min1 = inf;
        var min2 = inf;
        for (int j = 0; j < count; j += 4)
        {
            var v = Vector256.LoadUnsafe(ref lo, (nuint)j);
            var live = Vector256.ConditionalSelect(Vector256.Equals(v, v), v, inf);
            min2 = Vector256.MinNative(min2, Vector256.MaxNative(min1, live));
            min1 = Vector256.MinNative(min1, live);
        }
        var a1 = min1.GetLower();
        var b1 = min1.GetUpper();
        var m1 = Vector128.MinNative(a1, b1);
        var m2 = Vector128.MinNative(Vector128.MinNative(min2.GetLower(), min2.GetUpper()), Vector128.MaxNative(a1, b1));
        var s1 = Vector128.Shuffle(m1, Vector128.Create(1L, 0L));
        var s2 = Vector128.Shuffle(m2, Vector128.Create(1L, 0L));
        lowest = Vector128.MinNative(m1, s1).ToScalar();
        secondLowest = Vector128.MinNative(Vector128.MinNative(m2, s2), Vector128.MaxNative(m1, s1)).ToScalar();
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
