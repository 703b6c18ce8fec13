namespace EdgeMargin.Workloads;

/// <summary>
/// The generative assumptions of the synthetic workload, each explicit. Defaults put local-all accuracy near 45 %
/// and edge-all near 56 % (the paper's figures) with times and prompt sizes of the order bAbI gives.
/// </summary>
public sealed record SyntheticWorkloadOptions
{
    /// <summary>Margin m = p(1) - p(2) ~ Beta(alpha, beta); u = 1 - m. Alpha (1.8).</summary>
    public double MarginAlpha { get; init; } = 1.8;

    /// <summary>Margin Beta shape beta (2.0); mean margin 0.47, mean u 0.53.</summary>
    public double MarginBeta { get; init; } = 2.0;

    /// <summary>P(SLM correct | u) = clamp(intercept + slope u, 0, 1): intercept (0.86).</summary>
    public double SlmAccuracyIntercept { get; init; } = 0.86;

    /// <summary>Slope of P(SLM correct | u) (-0.78): confident answers are mostly right, hesitant ones mostly wrong.</summary>
    public double SlmAccuracySlope { get; init; } = -0.78;

    /// <summary>P(LLM correct | u) = clamp(intercept + slope u, 0, 1): intercept (0.77).</summary>
    public double LlmAccuracyIntercept { get; init; } = 0.77;

    /// <summary>Slope of P(LLM correct | u) (-0.40): queries the SLM finds hard are harder for the LLM too, but less so.</summary>
    public double LlmAccuracySlope { get; init; } = -0.40;

    /// <summary>Prompt size ~ LogNormal(median, sigma) bytes, clamped: median (350 B, a short bAbI story with its question).</summary>
    public double PayloadMedianBytes { get; init; } = 350;

    /// <summary>Log-normal sigma of the prompt size (0.5).</summary>
    public double PayloadSigma { get; init; } = 0.5;

    /// <summary>Smallest prompt, bytes (60).</summary>
    public double PayloadMinBytes { get; init; } = 60;

    /// <summary>Largest prompt, bytes (4000).</summary>
    public double PayloadMaxBytes { get; init; } = 4000;

    /// <summary>SLM time on C_L hardware for a median prompt, seconds (0.15: 1B model, 5 new tokens).</summary>
    public double SlmTimeMedianS { get; init; } = 0.15;

    /// <summary>LLM time on C_L hardware for a median prompt, seconds (0.45: 8B model, 5 new tokens).</summary>
    public double LlmTimeMedianS { get; init; } = 0.45;

    /// <summary>Log-normal sigma of both times around their prompt-size trend (0.25).</summary>
    public double TimeSigma { get; init; } = 0.25;

    /// <summary>Times grow as (payload / median payload)^exponent, from prompt prefill (0.3).</summary>
    public double TimePayloadExponent { get; init; } = 0.3;

    /// <summary>Entries in each top-k distribution (K = 10).</summary>
    public int TopK { get; init; } = 10;

    /// <summary>Mass outside the top K is U(0, max) x (1 - m): confident distributions have thin tails (max 0.05).</summary>
    public double TailMassMax { get; init; } = 0.05;

    /// <summary>
    /// Answer length in tokens for the synthetic answer log-probabilities (5; 0 = leave them out). The first token's
    /// log-probability is ln p(1) of the next-token distribution (greedy decoding); the others are drawn independently
    /// of correctness, so a sequence-level signal is the first-token confidence diluted by noise.
    /// </summary>
    public int AnswerTokens { get; init; } = 5;

    /// <summary>Probability of each answer token after the first ~ Beta(alpha, beta): alpha (6).</summary>
    public double AnswerContinuationAlpha { get; init; } = 6;

    /// <summary>Beta shape beta of the later answer tokens' probabilities (1; mean 0.86).</summary>
    public double AnswerContinuationBeta { get; init; } = 1;

    /// <summary>Returns every problem with the values, naming the field (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var e = new List<string>();
        void Positive(double v, string n) { if (!(v > 0) || double.IsInfinity(v)) e.Add($"workload.{n} must be a finite number > 0 (got {v})."); }
        Positive(MarginAlpha, nameof(MarginAlpha));
        Positive(MarginBeta, nameof(MarginBeta));
        Positive(PayloadMedianBytes, nameof(PayloadMedianBytes));
        Positive(PayloadMaxBytes, nameof(PayloadMaxBytes));
        Positive(SlmTimeMedianS, nameof(SlmTimeMedianS));
        Positive(AnswerContinuationAlpha, nameof(AnswerContinuationAlpha));
        Positive(AnswerContinuationBeta, nameof(AnswerContinuationBeta));
        if (AnswerTokens < 0) e.Add($"workload.{nameof(AnswerTokens)} must be >= 0 (got {AnswerTokens}).");
        Positive(LlmTimeMedianS, nameof(LlmTimeMedianS));
        if (!(PayloadSigma >= 0)) e.Add($"workload.{nameof(PayloadSigma)} must be >= 0 (got {PayloadSigma}).");
        if (!(TimeSigma >= 0)) e.Add($"workload.{nameof(TimeSigma)} must be >= 0 (got {TimeSigma}).");
        if (!(PayloadMinBytes >= 0) || PayloadMinBytes > PayloadMaxBytes) e.Add($"workload.{nameof(PayloadMinBytes)} must lie in [0, {nameof(PayloadMaxBytes)}] (got {PayloadMinBytes}).");
        if (TopK < 2) e.Add($"workload.{nameof(TopK)} must be at least 2 (got {TopK}).");
        if (!(TailMassMax >= 0 && TailMassMax < 1)) e.Add($"workload.{nameof(TailMassMax)} must lie in [0, 1) (got {TailMassMax}).");
        foreach (var (v, n) in new[] { (SlmAccuracyIntercept, nameof(SlmAccuracyIntercept)), (SlmAccuracySlope, nameof(SlmAccuracySlope)), (LlmAccuracyIntercept, nameof(LlmAccuracyIntercept)), (LlmAccuracySlope, nameof(LlmAccuracySlope)), (TimePayloadExponent, nameof(TimePayloadExponent)) })
            if (!double.IsFinite(v)) e.Add($"workload.{n} must be a finite number (got {v}).");
        return e;
    }
}
