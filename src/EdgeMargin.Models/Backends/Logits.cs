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

    /// <summary>
    /// Greedy decoding from <paramref name="probabilities"/> (the next-token distribution after the prompt): takes the most
    /// probable token until <paramref name="isStop"/> says it ends the answer or <paramref name="maxTokens"/> are taken, asking
    /// <paramref name="append"/> for the distribution after each token taken. Returns the tokens and their log-probabilities
    /// (floored like the servers' at <see cref="OpenAi.OpenAiResponseParser.LogProbFloor"/>). The backends differ only in
    /// how they evaluate a token, so this loop is theirs.
    /// </summary>
    public static (List<int> Tokens, List<double> LogProbs) Greedy(double[] probabilities, int maxTokens, Func<int, bool> isStop,
        Func<int, double[]> append, CancellationToken ct)
    {
        var tokens = new List<int>();
        var logProbs = new List<double>();
        while (true)
        {
            int next = ArgMax(probabilities);
            if (isStop(next)) break;
            tokens.Add(next);
            logProbs.Add(Math.Max(Math.Log(probabilities[next]), OpenAi.OpenAiResponseParser.LogProbFloor));
            if (tokens.Count == maxTokens) break;
            // Each evaluation is the expensive step, so a cancellation is honoured before it rather than after.
            ct.ThrowIfCancellationRequested();
            probabilities = append(next);
        }
        return (tokens, logProbs);
    }

    /// <summary>The most probable id (the lowest among equals): greedy decoding's next token.</summary>
    public static int ArgMax(double[] p)
    {
        int best = 0;
        for (int i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}
