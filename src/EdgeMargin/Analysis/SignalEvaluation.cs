using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Analysis;

/// <summary>Scores queries with each signal and measures how well each detects the SLM's errors.</summary>
public static class SignalEvaluation
{
    /// <summary>
    /// Evaluates every signal on the same queries, split and bootstrap seed, in the given order. The first available
    /// signal is the reference: every other one also gets its AUROC difference from it with a paired bootstrap interval.
    /// </summary>
    public static IReadOnlyList<SignalReport> Evaluate(IReadOnlyList<QueryProfile> queries, IEnumerable<IQuerySignal> signals, SignalEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(signals);
        var o = options ?? new SignalEvaluationOptions();
        var labels = Labels.Of(queries);
        // Each signal scores the queries once; the paired comparison below reuses those scores.
        var scored = signals.Select(s => (Signal: s, Scores: TryScore(queries, s, out string? why), Unavailable: why)).ToArray();
        var reports = scored.Select(x => Report(x.Signal.Name, x.Scores, x.Unavailable, labels, o)).ToArray();
        int reference = Array.FindIndex(scored, x => x.Scores is not null);
        if (reference < 0) return reports;
        for (int i = 0; i < reports.Length; i++)
        {
            if (i == reference || scored[i].Scores is not { } scores) continue;
            reports[i] = reports[i] with
            {
                Reference = reports[reference].Signal,
                AurocDelta = Bootstrap.PairedDifference(scores, scored[reference].Scores, labels.Wrong, RankingMetrics.Auroc, o.Seed, o.BootstrapResamples),
            };
        }
        return reports;
    }

    /// <summary>Evaluates one signal. A signal that some query cannot feed is reported as unavailable, not thrown.</summary>
    public static SignalReport Evaluate(IReadOnlyList<QueryProfile> queries, IQuerySignal signal, SignalEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(signal);
        var scores = TryScore(queries, signal, out string? unavailable);
        return Report(signal.Name, scores, unavailable, Labels.Of(queries), options ?? new SignalEvaluationOptions());
    }

    /// <summary>The signal's score of every query, or null (with the reason) when some query cannot feed it.</summary>
    private static double[]? TryScore(IReadOnlyList<QueryProfile> queries, IQuerySignal signal, out string? unavailable)
    {
        var scores = new double[queries.Count];
        try
        {
            for (int i = 0; i < scores.Length; i++) scores[i] = signal.Compute(queries[i]);
        }
        catch (SignalUnavailableException ex)
        {
            unavailable = ex.Message;
            return null;
        }
        unavailable = null;
        return scores;
    }

    private static SignalReport Report(string signal, double[]? scores, string? unavailable, Labels labels, SignalEvaluationOptions o)
    {
        int n = labels.Wrong.Length;
        if (scores is null) return new SignalReport { Signal = signal, Unavailable = unavailable, Queries = n };
        var wrong = labels.Wrong;

        var split = DataSplit.Create(n, o.CalibrationFraction, o.Seed);
        double ece = double.NaN, eceRaw = double.NaN;
        IReadOnlyList<ReliabilityBin> reliability = [];
        if (split.Calibration.Count > 0 && split.HeldOut.Count > 0)
        {
            var calibrator = IsotonicCalibrator.Fit(DataSplit.Take(scores, split.Calibration), DataSplit.Take(wrong, split.Calibration));
            double[] heldScores = DataSplit.Take(scores, split.HeldOut);
            bool[] heldWrong = DataSplit.Take(wrong, split.HeldOut);
            double[] predicted = calibrator.Predict(heldScores);
            ece = Calibration.ExpectedCalibrationError(predicted, heldWrong, o.Bins);
            eceRaw = Calibration.ExpectedCalibrationError(heldScores, heldWrong, o.Bins);
            reliability = Calibration.Reliability(predicted, heldWrong, o.Bins);
        }

        return new SignalReport
        {
            Signal = signal,
            Queries = n,
            SlmErrorRate = n > 0 ? wrong.Count(w => w) / (double)n : double.NaN,
            Auroc = Bootstrap.Interval(scores, wrong, RankingMetrics.Auroc, o.Seed, o.BootstrapResamples),
            Auprc = RankingMetrics.AveragePrecision(scores, wrong),
            Prr = RankingMetrics.PredictionRejectionRatio(scores, wrong),
            Ece = ece,
            EceRaw = eceRaw,
            Reliability = reliability,
            AccuracyVsOffloadRate = Curve(scores, labels.Slm, labels.Llm, o.CurvePoints),
        };
    }

    /// <summary>Correctness of every query, read once and shared by every signal's report.</summary>
    private sealed record Labels(bool[] Wrong, bool[] Slm, bool[] Llm)
    {
        public static Labels Of(IReadOnlyList<QueryProfile> queries)
        {
            var slm = queries.Select(q => q.SlmCorrect).ToArray();
            return new Labels(slm.Select(c => !c).ToArray(), slm, queries.Select(q => q.LlmCorrect).ToArray());
        }
    }

    /// <summary>
    /// Threshold-only accuracy after offloading the k most uncertain queries, k = 0..n, sampled at evenly spaced rates.
    /// Inside a tie the offloaded share is taken proportionally (the expected accuracy over tie orders).
    /// </summary>
    public static IReadOnlyList<CurvePoint> Curve(ReadOnlySpan<double> scores, ReadOnlySpan<bool> slmCorrect, ReadOnlySpan<bool> llmCorrect, int points)
    {
        int n = scores.Length;
        if (n == 0 || points < 2) return [];
        int[] order = RankingMetrics.Order(scores, descending: true);
        var accuracy = new double[n + 1];
        double correct = 0;
        foreach (bool c in slmCorrect) if (c) correct++;
        accuracy[0] = correct / n;
        for (int i = 0; i < n;)
        {
            int j = i;
            double gain = 0;
            while (j < n && scores[order[j]] == scores[order[i]])
            {
                gain += (llmCorrect[order[j]] ? 1 : 0) - (slmCorrect[order[j]] ? 1 : 0);
                j++;
            }
            double perItem = gain / (j - i);
            for (int k = i; k < j; k++)
            {
                correct += perItem;
                accuracy[k + 1] = correct / n;
            }
            i = j;
        }
        var curve = new CurvePoint[points];
        for (int p = 0; p < points; p++)
        {
            double rate = (double)p / (points - 1);
            double at = rate * n;
            int lo = (int)Math.Floor(at);
            int hi = Math.Min(lo + 1, n);
            curve[p] = new CurvePoint(rate, accuracy[lo] + (at - lo) * (accuracy[hi] - accuracy[lo]));
        }
        return curve;
    }
}
