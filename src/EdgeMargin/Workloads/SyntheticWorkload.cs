using EdgeMargin.Sampling;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Workloads;

/// <summary>
/// Generated queries whose assumptions are all in <see cref="SyntheticWorkloadOptions"/>. A latent margin m is drawn;
/// a top-k distribution is built whose renormalised top-2 margin is exactly m; correctness of both models is drawn
/// from P(correct | u = 1 - m). Not measured data: every output that uses it says "synthetic".
/// </summary>
public sealed class SyntheticWorkload : IWorkload
{
    private readonly SyntheticWorkloadOptions _o;

    /// <summary>Creates the workload; invalid options throw with every problem listed.</summary>
    public SyntheticWorkload(SyntheticWorkloadOptions? options = null)
    {
        _o = options ?? new SyntheticWorkloadOptions();
        var problems = _o.Validate();
        if (problems.Count > 0) throw new ArgumentException("Invalid synthetic workload: " + string.Join(" ", problems));
    }

    /// <summary>The assumptions in force.</summary>
    public SyntheticWorkloadOptions Options => _o;

    /// <inheritdoc />
    public string Name => "synthetic";

    /// <inheritdoc />
    public bool IsSynthetic => true;

    /// <inheritdoc />
    public QueryProfile Next(SeededRandom random)
    {
        double margin = random.Beta(_o.MarginAlpha, _o.MarginBeta);
        double u = 1 - margin;
        double[] probabilities = BuildTopK(margin, random);
        double payload = Math.Clamp(random.LogNormal(_o.PayloadMedianBytes, _o.PayloadSigma), _o.PayloadMinBytes, _o.PayloadMaxBytes);
        payload = Math.Round(payload);
        double sizeFactor = Math.Pow(Math.Max(payload, 1) / _o.PayloadMedianBytes, _o.TimePayloadExponent);
        double slmTime = random.LogNormal(_o.SlmTimeMedianS * sizeFactor, _o.TimeSigma);
        double llmTime = random.LogNormal(_o.LlmTimeMedianS * sizeFactor, _o.TimeSigma);
        bool slmCorrect = random.Bernoulli(Math.Clamp(_o.SlmAccuracyIntercept + _o.SlmAccuracySlope * u, 0, 1));
        bool llmCorrect = random.Bernoulli(Math.Clamp(_o.LlmAccuracyIntercept + _o.LlmAccuracySlope * u, 0, 1));
        var nextToken = TopKDistribution.FromProbabilities(probabilities, _o.TopK);
        return new QueryProfile
        {
            NextToken = nextToken,
            AnswerTokenLogProbs = AnswerLogProbs(nextToken.Probabilities[0], slmTime, llmTime, payload, slmCorrect, llmCorrect),
            PayloadBytes = payload,
            SlmTimeS = slmTime,
            LlmTimeS = llmTime,
            SlmCorrect = slmCorrect,
            LlmCorrect = llmCorrect,
        };
    }

    /// <summary>
    /// Answer-token log-probabilities from a generator seeded by the query's own draws, not from the shared stream:
    /// drawing them from <c>random</c> would shift every later query and change every earlier published result.
    /// </summary>
    private double[]? AnswerLogProbs(double p1, double slmTime, double llmTime, double payload, bool slmCorrect, bool llmCorrect)
    {
        if (_o.AnswerTokens == 0) return null;
        ulong h = BitConverter.DoubleToUInt64Bits(p1)
            ^ ulong.RotateLeft(BitConverter.DoubleToUInt64Bits(slmTime), 17)
            ^ ulong.RotateLeft(BitConverter.DoubleToUInt64Bits(llmTime), 31)
            ^ ulong.RotateLeft(BitConverter.DoubleToUInt64Bits(payload), 47)
            ^ (slmCorrect ? 0x5bd1e995UL : 0) ^ (llmCorrect ? 0xc2b2ae35UL << 32 : 0);
        var own = new SeededRandom(h);
        var logProbs = new double[_o.AnswerTokens];
        logProbs[0] = Math.Log(p1);
        for (int t = 1; t < logProbs.Length; t++)
            logProbs[t] = Math.Log(Math.Max(own.Beta(_o.AnswerContinuationAlpha, _o.AnswerContinuationBeta), 1e-12));
        return logProbs;
    }

    /// <summary>
    /// A descending top-K list with renormalised p1 - p2 = margin: p2 takes half to all of the non-margin mass's
    /// half-share, the rest decays geometrically over K - 2 tokens (never above p2), and a tail outside the K is cut off.
    /// </summary>
    private double[] BuildTopK(double margin, SeededRandom random)
    {
        int k = _o.TopK;
        var q = new double[k];
        double w = 0.5 + 0.5 * random.Beta(2, 2);
        double p2 = w * (1 - margin) / 2;
        double p1 = p2 + margin;
        double rest = Math.Max(0, 1 - p1 - p2);
        q[0] = p1;
        q[1] = p2;
        if (k > 2)
        {
            const double ratio = 0.6;
            double norm = (1 - Math.Pow(ratio, k - 2)) / (1 - ratio);
            for (int r = 2; r < k; r++) q[r] = Math.Min(p2, rest * Math.Pow(ratio, r - 2) / norm);
        }
        else q[0] += rest;
        double sum = q.Sum();
        double tail = random.NextDouble() * _o.TailMassMax * (1 - margin);
        double scale = (1 - tail) / sum;
        for (int r = 0; r < k; r++) q[r] *= scale;
        return q;
    }
}
