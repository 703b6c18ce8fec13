using EdgeMargin.Uncertainty;

namespace EdgeMargin.Models.Backends;

/// <summary>What the in-process backends do with one position's logits, written once so that they agree.</summary>
internal static class Logits
{
    /// <summary>The softmax of <paramref name="logits"/>, in double precision (shifted by the maximum, so no exp overflows).</summary>
    public static double[] Softmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float v in logits) max = Math.Max(max, v);
        var p = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Exp(logits[i] - max);
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    /// <summary>The <paramref name="k"/> most probable ids under their texts, most probable first; ties go to the lower id,
    /// so the list is deterministic.</summary>
    public static List<TokenProbability> TopK(double[] p, int k, Func<int, string> text)
    {
        int[] order = Enumerable.Range(0, p.Length).ToArray();
        Array.Sort(order, (a, b) => p[b].CompareTo(p[a]) is var c && c != 0 ? c : a.CompareTo(b));
        return order.Take(k).Select(i => new TokenProbability(text(i), p[i])).ToList();
    }

    /// <summary>The most probable id (the lowest among equals): greedy decoding's next token.</summary>
    public static int ArgMax(double[] p)
    {
        int best = 0;
        for (int i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}
