using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMargin.Models.Babi;
using EdgeMargin.Models.Backends;
using EdgeMargin.Models.Profiling;
using EdgeMargin.Models.Traces;

namespace EdgeMargin.Models.Tests;

/// <summary>
/// profile end to end against two scripted loopback servers whose answers are pure functions of the prompt: the
/// "small" one answers the last place named anywhere in the story (often wrong), the "large" one the person's latest
/// place (right on task 1). The small one serves vLLM's completions shape, the large one Ollama's chat shape without
/// logprobs (the large model's logprobs are optional).
/// </summary>
public sealed class ProfileTests : IAsyncLifetime
{
    private FakeOpenAiServer _slm = null!;
    private FakeOpenAiServer _llm = null!;
    private string _data = "";

    public async Task InitializeAsync()
    {
        _slm = await FakeOpenAiServer.StartAsync((_, body, _) => new ScriptedReply(200, SmallReply(body["prompt"]!.GetValue<string>())));
        _llm = await FakeOpenAiServer.StartAsync((_, body, _) => new ScriptedReply(200, LargeReply(body["messages"]![0]!["content"]!.GetValue<string>())));
        _data = TestData.TempDir();
        BabiGenerator.WriteFiles(_data, [1, 6], 2, 11);
    }

    public async Task DisposeAsync()
    {
        await _slm.DisposeAsync();
        await _llm.DisposeAsync();
    }

    private string SlmSpec => $"openai:{_slm.BaseUrl}#tiny-1b";
    private string LlmSpec => $"openai-chat:{_llm.BaseUrl}#big-8b";

    private static string Story(string prompt) => prompt.Split("\nQuestion:")[0];

    private static string SmallAnswer(string prompt) => Regex.Matches(Story(prompt), @"the (\w+)\.").Last().Groups[1].Value;

    private static string LargeAnswer(string prompt)
    {
        string person = Regex.Match(prompt, @"Question: (?:Where|Is) (?:is )?(\w+)").Groups[1].Value;
        return Regex.Matches(Story(prompt), $@"{person} [^.\n]* the (\w+)\.").Last().Groups[1].Value;
    }

    private static string SmallReply(string prompt)
    {
        string answer = " " + SmallAnswer(prompt);
        // A confidence that depends on the prompt only, so reruns reproduce every line.
        double p1 = 0.4 + (prompt.Length % 50) / 100.0;
        var top = new JsonObject { [answer] = Math.Log(p1), [answer.ToUpperInvariant()] = Math.Log(0.05), [" the"] = Math.Log((1 - p1) / 2) };
        var reply = new JsonObject
        {
            ["id"] = "cmpl-1", ["object"] = "text_completion", ["model"] = "tiny-1b",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0, ["text"] = answer,
                ["logprobs"] = new JsonObject { ["tokens"] = new JsonArray(answer), ["token_logprobs"] = new JsonArray(Math.Log(p1)), ["top_logprobs"] = new JsonArray(top) },
                ["finish_reason"] = "length",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = prompt.Length / 4, ["completion_tokens"] = 1 },
        };
        return reply.ToJsonString();
    }

    private static string LargeReply(string prompt)
    {
        bool yesNo = prompt.Contains("Question: Is ", StringComparison.Ordinal);
        string place = LargeAnswer(prompt);
        string answer = yesNo ? (prompt.Contains($"in the {place}?", StringComparison.Ordinal) ? "Yes." : "No.") : char.ToUpperInvariant(place[0]) + place[1..] + ".";
        return new JsonObject
        {
            ["id"] = "chatcmpl-2", ["object"] = "chat.completion", ["model"] = "big-8b",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer }, ["finish_reason"] = "stop" }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = prompt.Length / 3, ["completion_tokens"] = 2 },
        }.ToJsonString();
    }

    private string[] Args(string trace, params string[] extra) =>
        ["profile", "--slm", SlmSpec, "--llm", LlmSpec, "--data", $"babi:{_data}", "--top-k", "3", "--out", trace, "--quiet", .. extra];

    /// <summary>A line without its wall times, which are the only fields that differ between two runs.</summary>
    private static string Timeless(string line) => Regex.Replace(line, @",""(slm|llm)_time_s"":[0-9.eE+-]+", "");

    [Fact]
    public async Task Profile_writes_one_line_per_question_with_both_answers_candidates_and_scores()
    {
        string trace = Path.Combine(TestData.TempDir(), "trace.jsonl");
        var (exit, stdout, err) = await TestData.CliAsync(Args(trace));
        Assert.True(exit == 0, err);
        var questions = BabiReader.ReadDirectory(_data);
        var records = TraceFile.Read(trace);
        Assert.Equal(questions.Select(q => q.Id), records.Select(r => r.Id));
        Assert.Contains($"wrote {questions.Count} new lines", stdout);
        foreach (var (q, r) in questions.Zip(records))
        {
            Assert.Equal(BabiPrompt.Format(q), r.Prompt);
            Assert.Equal(q.Answer, r.Label);
            Assert.Equal(" " + SmallAnswer(r.Prompt), r.SlmAnswer);
            Assert.Equal(BabiPrompt.IsCorrect(r.SlmAnswer, q.Answer), r.SlmCorrect);
            Assert.True(r.LlmCorrect, $"{r.Id}: large answered '{r.LlmAnswer}', label '{r.Label}'");
            Assert.Equal(3, r.TopK.Count);
            Assert.Equal(0.4 + (r.Prompt.Length % 50) / 100.0, r.TopK[0].Probability, 12);
            Assert.NotNull(r.SlmAnswerLogProbs);
            Assert.Null(r.LlmAnswerLogProbs);
            Assert.Equal(r.Prompt.Length / 4, r.SlmPromptTokens);
            Assert.Equal(r.Prompt.Length / 3, r.LlmPromptTokens);
            Assert.Equal(SlmSpec, r.SlmModel);
            Assert.Equal(LlmSpec, r.LlmModel);
        }
        var (_, body) = _slm.Received.First();
        Assert.Equal(3, body["logprobs"]!.GetValue<int>());
        Assert.Equal(5, body["max_tokens"]!.GetValue<int>());
        // The trace replays straight away.
        Assert.Equal(questions.Count, TraceWorkload.Load(trace).Queries.Count);
    }

    [Fact]
    public async Task A_profiled_trace_replayed_by_simulate_gives_local_all_and_edge_all_the_trace_accuracies()
    {
        string dir = TestData.TempDir();
        string trace = Path.Combine(dir, "trace.jsonl");
        var (exit, _, err) = await TestData.CliAsync(Args(trace));
        Assert.True(exit == 0, err);
        var records = TraceFile.Read(trace);
        double slm = 100.0 * records.Count(r => r.SlmCorrect) / records.Count;
        double llm = 100.0 * records.Count(r => r.LlmCorrect) / records.Count;
        // The scripted small model is wrong on some questions and the large one right on all, so the two checks differ.
        Assert.InRange(slm, 1, 99);
        Assert.Equal(100, llm);

        // Sequential order with N a multiple of the trace length puts every line in every epoch equally often.
        string outDir = Path.Combine(dir, "sim");
        string users = $"{records.Count},{2 * records.Count}";
        (exit, _, err) = await TestData.CliAsync("simulate", "--trace", trace, "--trace-order", "sequential", "--users", users,
            "--tau", "0.6", "--runs", "2", "--policies", "local-all,edge-all,goa", "--out", outDir, "--quiet", "--no-timing");
        Assert.True(exit == 0, err);
        var lines = File.ReadAllLines(Path.Combine(outDir, "results.csv"));
        var header = lines[0].Split(',').ToList();
        int policy = header.IndexOf("policy"), accuracy = header.IndexOf("accuracy_pct");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(6, rows.Count);
        foreach (var row in rows)
        {
            double acc = double.Parse(row[accuracy], System.Globalization.CultureInfo.InvariantCulture);
            if (row[policy] == "local-all") Assert.Equal(slm, acc, 9);
            else if (row[policy] == "edge-all") Assert.Equal(llm, acc, 9);
            // GOA takes each user's answer from one model or the other; with the large model right on every line that
            // can only land between the two.
            else Assert.InRange(acc, slm, llm);
        }
    }

    [Fact]
    public async Task A_cancelled_run_with_a_torn_last_line_resumes_without_duplicates_or_gaps()
    {
        string dir = TestData.TempDir();
        string reference = Path.Combine(dir, "reference.jsonl");
        Assert.Equal(0, (await TestData.CliAsync(Args(reference))).Exit);

        string trace = Path.Combine(dir, "trace.jsonl");
        var questions = BabiReader.ReadDirectory(_data);
        using var cts = new CancellationTokenSource();
        int before = _slm.Requests;
        var previous = _slm.Script;
        // Cancel while the 8th small-model request is in flight: 7 lines are complete by then.
        _slm.Script = (path, body, n) =>
        {
            if (n - before == 7) cts.Cancel();
            return previous(path, body, n);
        };
        using (var slm = ModelSpec.Create(SlmSpec, new ModelSettings(3)))
        using (var llm = ModelSpec.Create(LlmSpec, new ModelSettings(3) { RequireLogProbs = false }))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Profiler.RunAsync(questions, slm, llm, trace, topKRequested: 3, ct: cts.Token));
        _slm.Script = previous;
        Assert.Equal(7, File.ReadAllLines(trace).Length);

        // A kill in the middle of a write leaves half a line without its newline.
        string[] refLines = File.ReadAllLines(reference);
        File.AppendAllText(trace, refLines[7][..(refLines[7].Length / 2)]);

        var (exit, stdout, err) = await TestData.CliAsync(Args(trace));
        Assert.True(exit == 0, err);
        Assert.Contains("repaired", stdout);
        Assert.Contains($"wrote {questions.Count - 7} new lines", stdout);
        string[] lines = File.ReadAllLines(trace);
        Assert.Equal(refLines.Select(Timeless), lines.Select(Timeless));

        // A third run finds nothing to do.
        var (exit3, stdout3, _) = await TestData.CliAsync(Args(trace));
        Assert.Equal(0, exit3);
        Assert.Contains($"wrote 0 new lines to {trace} ({questions.Count} already there", stdout3);
        Assert.Equal(lines, File.ReadAllLines(trace));
    }

    /// <summary>The CLI built next to this test assembly in the artifacts tree (bin/EdgeMargin.Cli/&lt;config&gt;/).</summary>
    private static string CliDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string path = Path.Combine(here.Parent!.Parent!.FullName, "EdgeMargin.Cli", here.Name, "EdgeMargin.Cli.dll");
        Assert.True(File.Exists(path), $"the CLI is not built at {path}");
        return path;
    }

    [Fact]
    public async Task A_killed_profile_process_leaves_whole_lines_and_a_rerun_completes_the_trace()
    {
        string dir = TestData.TempDir();
        string reference = Path.Combine(dir, "reference.jsonl");
        Assert.Equal(0, (await TestData.CliAsync(Args(reference))).Exit);

        string trace = Path.Combine(dir, "trace.jsonl");
        int before = _slm.Requests;
        var previous = _slm.Script;
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The 6th small-model request hangs: 5 lines are complete, the 6th question is in flight when the process dies.
        _slm.Script = (path, body, n) =>
        {
            if (n - before != 5) return previous(path, body, n);
            stalled.TrySetResult();
            return new ScriptedReply(200, "{}", TimeSpan.FromSeconds(60));
        };
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CliDll());
        foreach (string a in Args(trace)) info.ArgumentList.Add(a);
        using (var process = Process.Start(info)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            await stalled.Task.WaitAsync(TimeSpan.FromSeconds(60));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _slm.Script = previous;
        string[] refLines = File.ReadAllLines(reference);
        Assert.Equal(refLines.Take(5).Select(Timeless), File.ReadAllLines(trace).Select(Timeless));

        var (exit, stdout, err) = await TestData.CliAsync(Args(trace));
        Assert.True(exit == 0, err);
        Assert.Contains($"wrote {refLines.Length - 5} new lines", stdout);
        Assert.Equal(refLines.Select(Timeless), File.ReadAllLines(trace).Select(Timeless));
        Assert.False(File.Exists(trace + ".lock"), "the rerun takes over the dead run's lock file and removes it");
    }

    [Theory]
    [InlineData("--llm", "big-70b")]
    [InlineData("--slm", "tiny-3b")]
    public async Task Resuming_with_another_model_is_refused_and_leaves_the_trace_alone(string option, string otherModel)
    {
        string trace = Path.Combine(TestData.TempDir(), "trace.jsonl");
        Assert.Equal(0, (await TestData.CliAsync(Args(trace, "--limit", "3"))).Exit);
        string before = File.ReadAllText(trace);
        int requests = _slm.Requests + _llm.Requests;

        string other = option == "--llm" ? $"openai-chat:{_llm.BaseUrl}#{otherModel}" : $"openai:{_slm.BaseUrl}#{otherModel}";
        var args = Args(trace).ToList();
        args[args.IndexOf(option) + 1] = other;
        var (exit, _, err) = await TestData.CliAsync([.. args]);
        Assert.Equal(2, exit);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains($"slm_model '{SlmSpec}' and llm_model '{LlmSpec}'", err);
        Assert.Contains($"this run uses '{(option == "--slm" ? other : SlmSpec)}' and '{(option == "--llm" ? other : LlmSpec)}'", err);
        Assert.Contains("new --out", err);
        Assert.Equal(before, File.ReadAllText(trace));
        Assert.Equal(requests, _slm.Requests + _llm.Requests);
    }

    [Fact]
    public async Task Resuming_with_another_top_k_is_refused_whether_the_lines_record_it_or_not()
    {
        string trace = Path.Combine(TestData.TempDir(), "trace.jsonl");
        Assert.Equal(0, (await TestData.CliAsync(Args(trace, "--limit", "3"))).Exit);
        string before = File.ReadAllText(trace);
        var args = Args(trace).ToList();
        args[args.IndexOf("--top-k") + 1] = "2";
        var (exit, _, err) = await TestData.CliAsync([.. args]);
        Assert.Equal(2, exit);
        Assert.Contains("--top-k 3, but this run asks for 2", err);
        Assert.Equal(before, File.ReadAllText(trace));

        // Lines written before top_k_requested existed: 4 candidates cannot come from asking for 2 (a server may add the
        // chosen token to the k it was asked for, so 3 could).
        string unrecorded = before.Replace("\"top_k_requested\":3,", "");
        File.WriteAllText(trace, unrecorded.Replace("\"top_k\":[", "\"top_k\":[{\"token\":\" x\",\"p\":0.001},"));
        var (exit2, _, err2) = await TestData.CliAsync([.. args]);
        Assert.Equal(2, exit2);
        Assert.Contains("lines with 4 candidates, more than the 2 this run asks for", err2);
        File.WriteAllText(trace, unrecorded);
        Assert.Equal(0, (await TestData.CliAsync([.. args, "--limit", "3"])).Exit);
    }

    [Fact]
    public async Task A_lock_file_left_by_a_dead_run_does_not_block_the_next_and_a_finished_run_removes_it()
    {
        string trace = Path.Combine(TestData.TempDir(), "trace.jsonl");
        File.WriteAllText(trace + ".lock", "");
        var (exit, _, err) = await TestData.CliAsync(Args(trace, "--limit", "2"));
        Assert.True(exit == 0, err);
        Assert.Equal(2, TraceFile.Read(trace).Count);
        Assert.False(File.Exists(trace + ".lock"));
        // A writer that is alive still keeps others out, and its lock goes with it.
        using (new TraceWriter(trace))
            Assert.Throws<IOException>(() => new TraceWriter(trace));
        Assert.False(File.Exists(trace + ".lock"));
        using (new TraceWriter(trace)) { }
    }

    [Fact]
    public async Task Bad_options_and_data_give_one_line_errors_and_exit_2_before_any_model_is_asked()
    {
        string trace = Path.Combine(TestData.TempDir(), "t.jsonl");
        string onlyExcluded = TestData.TempDir();
        File.WriteAllText(Path.Combine(onlyExcluded, "qa7_counting_test.txt"), "1 Mary got the milk.\n2 How many objects is Mary carrying?\tone\t1\n");
        string noQuestions = TestData.TempDir();
        File.WriteAllText(Path.Combine(noQuestions, "qa1_single-supporting-fact_test.txt"), "1 Mary moved to the kitchen.\n");
        int requests = _slm.Requests + _llm.Requests;
        (string[] Args, string Expected)[] cases =
        [
            (Args(trace, "--limit", "0"), "--limit must be at least 1 (got 0)"),
            (Args(trace, "--limit", "-3"), "--limit must be at least 1 (got -3)"),
            (ReplaceOption(Args(trace), "--top-k", "0"), "--top-k must be at least 2 (got 0)"),
            (ReplaceOption(Args(trace), "--top-k", "1"), "--top-k must be at least 2 (got 1)"),
            (ReplaceOption(Args(trace), "--data", $"babi:{onlyExcluded}"), "only bAbI task(s) 7 for split 'test', which are left out by default"),
            (ReplaceOption(Args(trace), "--data", $"babi:{noQuestions}"), "hold no questions"),
        ];
        foreach (var (args, expected) in cases)
        {
            var (exit, _, err) = await TestData.CliAsync(args);
            Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}, {err}");
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains(expected, err);
        }
        Assert.False(File.Exists(trace));
        Assert.Equal(requests, _slm.Requests + _llm.Requests);
    }

    [Fact]
    public async Task A_small_model_server_without_logprobs_is_one_line_exit_2_and_leaves_no_file()
    {
        string trace = Path.Combine(TestData.TempDir(), "t.jsonl");
        await using var bare = await FakeOpenAiServer.ServingAsync("ollama-chat-no-logprobs.json");
        var (exit, _, err) = await TestData.CliAsync(ReplaceOption(Args(trace), "--slm", $"openai-chat:{bare.BaseUrl}#llama3.2:1b"));
        Assert.Equal(2, exit);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("returned no logprobs", err);
        Assert.False(File.Exists(trace));
        Assert.False(File.Exists(trace + ".lock"));
    }

    [Fact]
    public async Task An_out_file_that_is_not_a_trace_is_refused_and_left_untouched()
    {
        string dir = TestData.TempDir();
        string notes = Path.Combine(dir, "notes.txt");
        const string text = "{\"id\":\"q0\"}\nsome notes without a final newline";
        File.WriteAllText(notes, text);
        var (exit, _, err) = await TestData.CliAsync(Args(notes));
        Assert.Equal(2, exit);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains($"{notes}:1: field", err);
        Assert.Equal(text, File.ReadAllText(notes));

        // Valid lines, then a tail that is no torn trace line: refused too, nothing cut.
        string trace = Path.Combine(dir, "trace.jsonl");
        Assert.Equal(0, (await TestData.CliAsync(Args(trace, "--limit", "2"))).Exit);
        File.AppendAllText(trace, "# a comment");
        string before = File.ReadAllText(trace);
        var (exit2, _, err2) = await TestData.CliAsync(Args(trace));
        Assert.Equal(2, exit2);
        Assert.Contains("is not the start of a trace line", err2);
        Assert.Equal(before, File.ReadAllText(trace));
    }

    private static string[] ReplaceOption(string[] args, string option, string value)
    {
        var list = args.ToList();
        list[list.IndexOf(option) + 1] = value;
        return [.. list];
    }

    [Fact]
    public async Task Bad_input_gives_one_line_errors_and_exit_2()
    {
        string dir = TestData.TempDir();
        string trace = Path.Combine(dir, "t.jsonl");

        string empty = TestData.TempDir();
        var (e1, _, err1) = await TestData.CliAsync("profile", "--slm", SlmSpec, "--llm", LlmSpec, "--data", $"babi:{empty}", "--out", trace, "--quiet");
        Assert.Equal(2, e1);
        Assert.Single(err1.Trim().Split('\n'));
        Assert.Contains("no bAbI files", err1);

        var (e2, _, err2) = await TestData.CliAsync("profile", "--slm", "openai:http://127.0.0.1:1/v1#tiny", "--llm", LlmSpec, "--data", $"babi:{_data}", "--out", trace, "--quiet");
        Assert.Equal(2, e2);
        Assert.Single(err2.Trim().Split('\n'));
        Assert.Contains("cannot reach the model server at http://127.0.0.1:1/v1", err2);
        Assert.False(File.Exists(trace), "a run that wrote nothing leaves no file");

        await using var wrong = await FakeOpenAiServer.ServingAsync("vllm-404.json", status: 404);
        var (e3, _, err3) = await TestData.CliAsync("profile", "--slm", $"openai:{wrong.BaseUrl}#llama-7b", "--llm", LlmSpec, "--data", $"babi:{_data}", "--out", trace, "--quiet");
        Assert.Equal(2, e3);
        Assert.Single(err3.Trim().Split('\n'));
        Assert.Contains("model 'llama-7b'", err3);
        Assert.Contains("does not exist", err3);

        var (e4, _, err4) = await TestData.CliAsync("profile", "--slm", SlmSpec, "--llm", LlmSpec, "--data", _data, "--out", trace, "--quiet");
        Assert.Equal(2, e4);
        Assert.Contains("babi:DIR", err4);

        using (new TraceWriter(trace))
        {
            var (e6, _, err6) = await TestData.CliAsync(Args(trace));
            Assert.Equal(2, e6);
            Assert.Contains("is being written by another process", err6);
        }

        File.WriteAllText(trace, TraceFile.Format(TestData.Record(0)).Replace("\"label\":\"kitchen\",", "") + "\n");
        var (e5, _, err5) = await TestData.CliAsync(Args(trace));
        Assert.Equal(2, e5);
        Assert.Contains($"{trace}:1: field 'label' is missing", err5);
    }
}
