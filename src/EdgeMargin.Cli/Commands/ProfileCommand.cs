using System.CommandLine;
using System.Globalization;
using EdgeMargin.Cli.Config;
using EdgeMargin.Models.Babi;
using EdgeMargin.Models.Backends;
using EdgeMargin.Models.Profiling;
using EdgeMargin.Models.Traces;
using Spectre.Console;

namespace EdgeMargin.Cli.Commands;

/// <summary><c>profile</c>: runs a small and a large model on a data set and writes a replayable JSONL trace (resumable).</summary>
internal static class ProfileCommand
{
    /// <summary>
    /// Raw candidates requested by default: the reference merges 3K = 30 raw tokens down to K = 10, but OpenAI-compatible
    /// servers cap top_logprobs at 20 (vLLM's default --max-logprobs, OpenAI, Ollama), so 20 is the closest they allow.
    /// </summary>
    public const int DefaultTopK = 20;

    internal static Command Create()
    {
        var slm = new Option<string>("--slm") { Description = "Small model: openai:URL#model (/v1/completions), openai-chat:URL#model, onnx:DIR or gguf:FILE (in-process llama.cpp).", Required = true };
        var llm = new Option<string>("--llm") { Description = "Large model, same syntax; its logprobs are kept when the server returns them but not required.", Required = true };
        var data = new Option<string>("--data") { Description = "Data set: babi:DIR (a folder with qaN_*_test.txt files; see 'babi generate').", Required = true };
        var split = new Option<string>("--split") { Description = "bAbI split: test, train or all.", DefaultValueFactory = _ => "test" };
        var tasks = new Option<string?>("--tasks") { Description = "Only these bAbI tasks (comma list). Default: all found except 7, 8, 19." };
        var allTasks = new Option<bool>("--all-tasks") { Description = "Include tasks 7, 8 and 19 (excluded by default, as in the paper)." };
        var limit = new Option<int?>("--limit") { Description = "Profile only the first N questions (the same N on resume profiles the same set)." };
        var topK = new Option<int>("--top-k") { Description = $"Raw candidates requested at each position (the margin merges them to 10). Servers cap it at 20.", DefaultValueFactory = _ => DefaultTopK };
        var maxTokens = new Option<int>("--max-tokens") { Description = "New tokens per answer (greedy; the reference uses 5).", DefaultValueFactory = _ => Profiler.DefaultMaxTokens };
        var timeout = new Option<double>("--timeout") { Description = "Seconds per request attempt.", DefaultValueFactory = _ => 60.0 };
        var retries = new Option<int>("--retries") { Description = "Retries on HTTP 5xx, 429 and timeouts (exponential backoff from 0.5 s).", DefaultValueFactory = _ => 3 };
        var output = new Option<string>("--out") { Description = "Trace file (JSONL). An existing file is resumed: ids already in it are skipped.", Required = true };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };

        var command = new Command("profile", "Run both models on every question and write one JSONL trace line per question (resumable).")
        {
            slm, llm, data, split, tasks, allTasks, limit, topK, maxTokens, timeout, retries, output, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            string dataSpec = parse.GetValue(data)!;
            if (!dataSpec.StartsWith("babi:", StringComparison.Ordinal) || dataSpec.Length == 5)
                throw new UsageException($"--data '{dataSpec}' is not a data set spec. Use babi:DIR (write one with 'edgemargin babi generate --out DIR').");
            int k = parse.GetValue(topK);
            if (k < 2) throw new UsageException($"--top-k must be at least 2 (got {k}): the margin needs two candidates.");
            int tokens = CommonOptions.AtLeast(parse, maxTokens);
            double seconds = parse.GetValue(timeout);
            if (!(seconds > 0)) throw new UsageException($"--timeout must be a positive number of seconds (got {seconds}).");
            int retryCount = parse.GetValue(retries);
            if (retryCount < 0) throw new UsageException($"--retries must be 0 or more (got {retryCount}).");
            if (parse.GetValue(limit) is < 1) throw new UsageException($"--limit must be at least 1 (got {parse.GetValue(limit)}).");

            var questions = BabiReader.ReadDirectory(dataSpec[5..], parse.GetValue(split)!.Trim().ToLowerInvariant(), parse.GetValue(allTasks),
                parse.GetValue(tasks) is string t ? ListParser.Integers(t, "--tasks") : null);
            if (parse.GetValue(limit) is int n && n < questions.Count) questions = questions.Take(n).ToList();

            var settings = new ModelSettings(k, TimeSpan.FromSeconds(seconds), retryCount);
            using var small = ModelSpec.Create(parse.GetValue(slm)!, settings);
            using var large = ModelSpec.Create(parse.GetValue(llm)!, settings with { RequireLogProbs = false });
            string path = parse.GetValue(output)!;
            var stdout = parse.InvocationConfiguration.Output;
            bool interactive = !parse.GetValue(quiet) && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;

            ProfileSummary summary;
            try
            {
                summary = interactive
                    ? await WithProgressAsync(questions, small, large, path, tokens, k, ct)
                    : await Profiler.RunAsync(questions, small, large, path, tokens, null, k, ct);
            }
            catch (ModelException e)
            {
                // A failure before the first line leaves no file (the writer removes an empty trace under its lock); after
                // it, the lines written are valid, so the user is told to re-run instead of starting over.
                if (!File.Exists(path)) throw;
                throw new ModelException($"{e.Message} The trace {path} keeps every line written so far; re-run the same command to resume.", e);
            }

            if (summary.RepairedBytes > 0)
                await stdout.WriteLineAsync($"repaired {path}: cut off a torn last line ({summary.RepairedBytes} bytes) left by an interrupted run");
            var all = TraceFile.Read(path);
            double slmAcc = 100.0 * all.Count(r => r.SlmCorrect) / all.Count, llmAcc = 100.0 * all.Count(r => r.LlmCorrect) / all.Count;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"wrote {summary.Written} new lines to {path} ({summary.AlreadyPresent} already there, {all.Count} in total); accuracy over the trace: small {slmAcc:0.0} %, large {llmAcc:0.0} %"));
            return 0;
        });
        return command;
    }

    private static async Task<ProfileSummary> WithProgressAsync(IReadOnlyList<BabiQuestion> questions, ILanguageModel slm, ILanguageModel llm, string path, int tokens, int topK, CancellationToken ct)
    {
        ProfileSummary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"profiling {questions.Count} questions", maxValue: questions.Count);
                // Profiler reports on the awaiting thread, one question at a time: no lock needed.
                summary = await Profiler.RunAsync(questions, slm, llm, path, tokens, new Progress(task), topK, ct);
            });
        return summary!;
    }

    private sealed class Progress(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Increment(value);
    }
}
