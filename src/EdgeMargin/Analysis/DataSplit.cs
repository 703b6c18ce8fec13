using EdgeMargin.Sampling;

namespace EdgeMargin.Analysis;

/// <summary>A seeded split of n items into a calibration part and a held-out part.</summary>
/// <param name="Calibration">Indices to fit on (ascending).</param>
/// <param name="HeldOut">Indices to evaluate on (ascending).</param>
public sealed record DataSplit(IReadOnlyList<int> Calibration, IReadOnlyList<int> HeldOut)
{
    /// <summary>
    /// Shuffles 0..n-1 with <paramref name="seed"/> and puts round(n · fraction) items into calibration, at least one
    /// on each side when n &gt;= 2.
    /// </summary>
    public static DataSplit Create(int n, double calibrationFraction, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (!(calibrationFraction > 0 && calibrationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(calibrationFraction), calibrationFraction, "The calibration fraction must lie in (0, 1).");
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        new SeededRandom(seed).PartialShuffle(idx, n);
        int cut = (int)Math.Round(n * calibrationFraction);
        if (n >= 2) cut = Math.Clamp(cut, 1, n - 1);
        var cal = idx[..cut];
        var held = idx[cut..];
        Array.Sort(cal);
        Array.Sort(held);
        return new DataSplit(cal, held);
    }

    /// <summary>The items of <paramref name="source"/> at <paramref name="indices"/>.</summary>
    public static T[] Take<T>(IReadOnlyList<T> source, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(indices);
        var result = new T[indices.Count];
        for (int i = 0; i < result.Length; i++) result[i] = source[indices[i]];
        return result;
    }
}
