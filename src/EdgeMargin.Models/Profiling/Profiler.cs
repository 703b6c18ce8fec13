using EdgeMargin.Models.Babi;
using EdgeMargin.Models.Backends;
using EdgeMargin.Models.Traces;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Models.Profiling;

/// <summary>What one profiling run did.</summary>
/// <param name="Total">Questions selected.</param>
/// <param name="AlreadyPresent">Questions skipped because their id was already in the trace (resume).</param>
/// <param name="Written">Lines written by this run.</param>
/// <param name="RepairedBytes">Bytes of a torn last line cut off when the trace was opened (0 when it was clean).</param>
public sealed record ProfileSummary(int Total, int AlreadyPresent, int Written, long RepairedBytes);

/// <summary>
/// Runs the small and the large model on every question and appends one trace line per question. Lines are written
/// whole and flushed one at a time, so a run that is killed or cancelled leaves a valid trace that a re-run completes:
/// ids already present are skipped and a torn last line is cut off first.
/// </summary>
public static class Profiler
{
    /// <summary>New tokens generated per answer (the reference's 5, greedy).</summary>
    public const int DefaultMaxTokens = 5;

    /// <summary>
    /// Profiles <paramref name="questions"/> into <paramref name="tracePath"/>; <paramref name="progress"/> receives 1 per
    /// question done or skipped. <paramref name="topKRequested"/>, the candidates asked of the small model, is recorded on
    /// every line and must match the lines already there.
    /// </summary>
    /// <exception cref="ModelException">A backend failed, or the small model's candidates are not a distribution; lines written so far stay.</exception>
    /// <exception cref="TraceFormatException">The trace is invalid, held by another writer, or was written with other models or another top-k.</exception>
    public static async Task<ProfileSummary> RunAsync(IReadOnlyList<BabiQuestion> questions, ILanguageModel slm, ILanguageModel llm, string tracePath,
        int maxTokens = DefaultMaxTokens, IProgress<int>? progress = null, int? topKRequested = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(slm);
        ArgumentNullException.ThrowIfNull(llm);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(tracePath));
        if (dir is not null) Directory.CreateDirectory(dir);
        TraceWriter opened;
        try { opened = new TraceWriter(tracePath); }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new TraceFormatException($"cannot append to {tracePath}: {e.Message}", e);
        }
        using var writer = opened;
        CheckSameRun(writer, tracePath, slm.Id, llm.Id, topKRequested);
        int present = 0, written = 0;
        foreach (var q in questions)
        {
            ct.ThrowIfCancellationRequested();
            if (writer.ExistingIds.Contains(q.Id))
            {
                present++;
                progress?.Report(1);
                continue;
            }
            string prompt = BabiPrompt.Format(q);
            var small = await slm.AnswerAsync(prompt, maxTokens, ct).ConfigureAwait(false);
            try { TopKDistribution.FromTokens(small.TopTokens, TraceFile.MergedK); }
            catch (InvalidDistributionException e) { throw new ModelException($"{slm.Id} gave candidates for question {q.Id} that are not a distribution: {e.Message}", e); }
            var large = await llm.AnswerAsync(prompt, maxTokens, ct).ConfigureAwait(false);
            writer.Append(new TraceRecord
            {
                Id = q.Id, Prompt = prompt, Label = q.Answer, SlmModel = slm.Id, LlmModel = llm.Id,
                SlmAnswer = small.Text, LlmAnswer = large.Text,
                SlmCorrect = BabiPrompt.IsCorrect(small.Text, q.Answer), LlmCorrect = BabiPrompt.IsCorrect(large.Text, q.Answer),
                TopK = small.TopTokens, TopKRequested = topKRequested, SlmAnswerLogProbs = small.AnswerLogProbs, LlmAnswerLogProbs = large.AnswerLogProbs,
                SlmPromptTokens = small.PromptTokens, LlmPromptTokens = large.PromptTokens,
                SlmAnswerTokens = small.AnswerTokens, LlmAnswerTokens = large.AnswerTokens,
                SlmTimeS = small.WallTimeS, LlmTimeS = large.WallTimeS,
            });
            written++;
            progress?.Report(1);
        }
        return new ProfileSummary(questions.Count, present, written, writer.TruncatedBytes);
    }

    /// <summary>
    /// Resuming appends to lines another run wrote: with other models, or another number of candidates, the trace would
    /// silently average two experiments, so that is refused before any model is asked.
    /// </summary>
    private static void CheckSameRun(TraceWriter writer, string tracePath, string slmId, string llmId, int? topK)
    {
        foreach (var (oldSlm, oldLlm) in writer.ExistingModelPairs)
            if (oldSlm != slmId || oldLlm != llmId)
                throw new TraceFormatException(
                    $"{tracePath} holds lines profiled with slm_model '{oldSlm}' and llm_model '{oldLlm}', but this run uses '{slmId}' and '{llmId}'; resuming would mix two model pairs in one trace. Write to a new --out file, or re-run with the trace's models.");
        if (topK is not int k) return;
        foreach (int old in writer.ExistingTopKRequested)
            if (old != k)
                throw new TraceFormatException($"{tracePath} holds lines profiled with --top-k {old}, but this run asks for {k}; resuming would mix two settings in one trace. Write to a new --out file, or re-run with --top-k {old}.");
        // Lines from before top_k_requested was recorded still bound it from below: a server sends at most the k asked
        // for, plus the chosen token when that is not among them (OpenAI's legacy rule; with greedy decoding only on ties).
        if (writer.ExistingMaxCandidates > k + 1)
            throw new TraceFormatException($"{tracePath} holds lines with {writer.ExistingMaxCandidates} candidates, more than the {k} this run asks for, so they were profiled with a larger --top-k; resuming would mix two settings in one trace. Write to a new --out file, or re-run with the earlier --top-k.");
    }
}
