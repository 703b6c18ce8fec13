namespace EdgeMargin.Analysis;

/// <summary>
/// How well an uncertainty score ranks the queries the small model gets wrong. Throughout, a <b>positive</b> is a
/// query the SLM answers wrongly (the thing worth offloading) and a higher score means "more likely wrong".
/// Undefined cases return <see cref="double.NaN"/> rather than throwing, so a bootstrap resample or a signal on a
/// degenerate split shows up as "n/a" instead of aborting a whole report: AUROC needs both labels present, AUPRC
/// needs a positive, PRR needs both labels present.
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// Area under the ROC curve: P(score of a random positive &gt; score of a random negative), a tie counting 1/2.
    /// Computed from midranks (Mann–Whitney U), so tied scores get exactly the 0.5 credit.
    /// </summary>
    public static double Auroc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        Check(scores, positive);
        int n = scores.Length;
        int[] order = Order(scores, descending: false);
        double rankSumPositive = 0;
        long positives = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double midrank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
                if (positive[order[k]]) { rankSumPositive += midrank; positives++; }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// Area under the precision–recall curve as average precision: AP = sum over distinct score thresholds t
    /// (highest first) of (R(t) - R(t_prev)) · P(t), where P and R are precision and recall of "score &gt;= t".
    /// Tied scores enter together at one threshold (no interpolation, no arbitrary order inside a tie); this is the
    /// step-wise definition scikit-learn uses. A random score has AP near the positive rate.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        Check(scores, positive);
        int n = scores.Length;
        long totalPositives = 0;
        foreach (bool p in positive) if (p) totalPositives++;
        if (totalPositives == 0) return double.NaN;
        int[] order = Order(scores, descending: true);
        double ap = 0;
        long tp = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            long groupPositives = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) { if (positive[order[j]]) groupPositives++; j++; }
            tp += groupPositives;
            ap += (double)groupPositives / totalPositives * ((double)tp / j);
            i = j;
        }
        return ap;
    }

    /// <summary>
    /// Prediction–rejection ratio. Reject (offload) queries most-uncertain first; after rejecting a fraction r, the
    /// error is the number of wrong answers still kept divided by the total count (rejected queries count as handled
    /// correctly). AR is the area under that curve over r in [0, 1]. PRR = (AR_random - AR_signal) / (AR_random -
    /// AR_oracle), with AR_random = e/2 and AR_oracle = e²/2 for base error rate e: 1 = perfect ranking, 0 = no better
    /// than random, negative = worse. Inside a tie the wrong answers leave in proportion (the expected curve over tie
    /// orders), so the curve is piecewise linear and the trapezoid rule on k = 0..n is exact.
    /// </summary>
    public static double PredictionRejectionRatio(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        Check(scores, positive);
        int n = scores.Length;
        long wrong = 0;
        foreach (bool p in positive) if (p) wrong++;
        if (wrong == 0 || wrong == n) return double.NaN;
        int[] order = Order(scores, descending: true);
        double area = 0;
        double keptWrong = wrong;
        double previous = keptWrong / n;
        for (int i = 0; i < n;)
        {
            int j = i;
            long groupWrong = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) { if (positive[order[j]]) groupWrong++; j++; }
            double perItem = (double)groupWrong / (j - i);
            for (int k = i; k < j; k++)
            {
                keptWrong -= perItem;
                double current = Math.Max(0, keptWrong) / n;
                area += (previous + current) / 2 / n;
                previous = current;
            }
            i = j;
        }
        double e = (double)wrong / n;
        double random = e / 2, oracle = e * e / 2;
        return (random - area) / (random - oracle);
    }

    /// <summary>Indices sorted by score; equal scores keep index order so every result is deterministic.</summary>
    internal static int[] Order(ReadOnlySpan<double> scores, bool descending)
    {
        double[] keys = scores.ToArray();
        int[] order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = descending ? keys[b].CompareTo(keys[a]) : keys[a].CompareTo(keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }

    internal static void Check(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"Scores ({scores.Length}) and labels ({labels.Length}) must have the same length.");
        for (int i = 0; i < scores.Length; i++)
            if (double.IsNaN(scores[i])) throw new ArgumentException($"Score {i} is NaN; every score must be a number.");
    }
}
