using System.Globalization;
using System.Text.Json;
using EdgeMargin.Models.Traces;
using EdgeMargin.Sampling;

namespace EdgeMargin.Models.Tests;

public class TraceTests
{
    [Fact]
    public void A_record_survives_format_and_parse_with_snake_case_keys()
    {
        var r = TestData.Record(3);
        string line = TraceFile.Format(r);
        Assert.DoesNotContain('\n', line);
        using (var doc = JsonDocument.Parse(line))
        {
            var keys = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(["id", "prompt", "label", "slm_model", "llm_model", "slm_answer", "llm_answer", "slm_correct", "llm_correct", "top_k",
                "slm_answer_logprobs", "slm_prompt_tokens", "llm_prompt_tokens", "slm_answer_tokens", "llm_answer_tokens", "slm_time_s", "llm_time_s"], keys);
        }
        var back = TraceFile.ParseLine(line, "x:1");
        Assert.Equal(r.Prompt, back.Prompt);
        Assert.Equal(r.TopK, back.TopK);
        Assert.Equal(r.SlmAnswerLogProbs, back.SlmAnswerLogProbs);
        Assert.Null(back.LlmAnswerLogProbs);
        Assert.Equal(r with { TopK = back.TopK, SlmAnswerLogProbs = back.SlmAnswerLogProbs }, back);

        // top_k_requested is optional: written when known, absent from older lines.
        string withK = TraceFile.Format(r with { TopKRequested = 20 });
        Assert.Contains("\"llm_correct\":true,\"top_k_requested\":20,\"top_k\":", withK);
        Assert.Equal(20, TraceFile.ParseLine(withK, "x:2").TopKRequested);
        Assert.Null(back.TopKRequested);
    }

    [Fact]
    public void Profiles_merge_raw_candidates_and_take_payload_times_and_correctness_from_the_line()
    {
        string dir = TestData.TempDir();
        string path = TestData.WriteTrace(dir, [TestData.Record(0, slmCorrect: false), TestData.Record(1)]);
        var profiles = TraceFile.ReadProfiles(path);
        Assert.Equal(2, profiles.Count);
        var p = profiles[0];
        Assert.Equal("q0", p.Id);
        // " kitchen" and " Kitchen" merge into "kitchen" (0.5 + 0.1); the margin uses the merged list.
        Assert.Equal(["kitchen", "garden"], p.NextToken.Tokens);
        Assert.Equal(0.6, p.NextToken.Probabilities[0], 12);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(TestData.Record(0).Prompt), p.PayloadBytes);
        Assert.False(p.SlmCorrect);
        Assert.Equal(0.1, p.SlmTimeS, 12);
        Assert.Equal(0.3, p.LlmTimeS, 12);
    }

    [Theory]
    [InlineData("\"slm_time_s\":0.1,", "", "trace.jsonl:2: field 'slm_time_s' is missing")]
    [InlineData("\"p\":0.5", "\"p\":\"NaN\"", "trace.jsonl:2: field 'top_k[0].p' is NaN")]
    [InlineData("\"p\":0.5", "\"p\":NaN", "trace.jsonl:2: malformed JSON")]
    [InlineData("\"p\":0.5", "\"p\":-0.5", "trace.jsonl:2: field 'top_k[0].p' is -0.5")]
    [InlineData("\"llm_time_s\":0.3}", "\"llm_time_s\":0.3", "trace.jsonl:2: malformed JSON")]
    [InlineData("\"label\":\"kitchen\",", "", "trace.jsonl:2: field 'label' is missing")]
    [InlineData("\"slm_correct\":true", "\"slm_correct\":1", "trace.jsonl:2: field 'slm_correct' is missing or not true or false")]
    public void Bad_lines_are_reported_with_file_line_and_field(string find, string replace, string expected)
    {
        string dir = TestData.TempDir();
        string good = TraceFile.Format(TestData.Record(0));
        string bad = TraceFile.Format(TestData.Record(1) with { TopK = [new(" kitchen", 0.5), new(" garden", 0.2)], SlmTimeS = 0.1, LlmTimeS = 0.3 });
        Assert.Contains(find, bad);
        string path = Path.Combine(dir, "trace.jsonl");
        File.WriteAllText(path, good + "\n" + bad.Replace(find, replace) + "\n");
        var e = Assert.Throws<TraceFormatException>(() => TraceFile.ReadProfiles(path));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Duplicate_ids_and_empty_files_are_errors()
    {
        string dir = TestData.TempDir();
        string dup = TestData.WriteTrace(dir, [TestData.Record(1), TestData.Record(1)]);
        Assert.Contains(":2: id 'q1' already appears on line 1", Assert.Throws<TraceFormatException>(() => TraceFile.Read(dup)).Message);
        string empty = Path.Combine(dir, "empty.jsonl");
        File.WriteAllText(empty, "\n");
        Assert.Contains("has no records", Assert.Throws<TraceFormatException>(() => TraceFile.Read(empty)).Message);
    }

    [Fact]
    public void Trace_workload_is_measured_named_after_the_file_and_draws_with_the_given_generator()
    {
        string dir = TestData.TempDir();
        string path = TestData.WriteTrace(dir, Enumerable.Range(0, 5).Select(i => TestData.Record(i)), "babi.jsonl");
        var w = TraceWorkload.Load(path);
        Assert.False(w.IsSynthetic);
        Assert.Equal("trace:babi.jsonl", w.Name);
        var a = Enumerable.Range(0, 50).Select(_ => w.Next(new SeededRandom(7))).Select(q => q.Id).Distinct().ToArray();
        Assert.Single(a);
        var r1 = new SeededRandom(9);
        var r2 = new SeededRandom(9);
        Assert.Equal(Enumerable.Range(0, 30).Select(_ => w.Next(r1).Id), Enumerable.Range(0, 30).Select(_ => w.Next(r2).Id));
    }

    [Fact]
    public void Sequential_order_gives_every_line_equally_often_to_consecutive_draws_from_one_generator()
    {
        var profiles = Enumerable.Range(0, 7).Select(i => TraceFile.ToProfile(TestData.Record(i), $"t:{i + 1}")).ToList();
        var w = new TraceWorkload("t", profiles, TraceOrder.Sequential);
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var random = new SeededRandom(seed);
            var counts = Enumerable.Range(0, 21).Select(_ => w.Next(random).Id!).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(7, counts.Count);
            Assert.All(counts.Values, c => Assert.Equal(3, c));
        }
    }

    [Fact]
    public async Task Simulate_replays_a_trace_and_local_all_and_edge_all_accuracy_equal_the_trace_means()
    {
        string dir = TestData.TempDir();
        // 10 lines: 4 small-model hits, 7 large-model hits. With N a multiple of 10 and sequential order, every epoch
        // holds each line N/10 times, so the accuracies must be exactly 40 % and 70 %.
        var records = Enumerable.Range(0, 10).Select(i => TestData.Record(i, slmCorrect: i % 5 < 2, llmCorrect: i < 7)).ToList();
        string trace = TestData.WriteTrace(dir, records);
        string outDir = Path.Combine(dir, "out");
        var (exit, _, err) = await TestData.CliAsync("simulate", "--trace", trace, "--trace-order", "sequential", "--users", "20,30", "--tau", "0.6",
            "--runs", "3", "--policies", "goa,local-all,edge-all", "--out", outDir, "--quiet", "--no-timing");
        Assert.True(exit == 0, err);
        double slmMean = records.Average(r => r.SlmCorrect ? 100.0 : 0), llmMean = records.Average(r => r.LlmCorrect ? 100.0 : 0);
        string[] lines = File.ReadAllLines(Path.Combine(outDir, "results.csv"));
        // Columns by name: with positions, a reordered CSV would skip both checks below and pass.
        var header = lines[0].Split(',').ToList();
        int policy = header.IndexOf("policy"), accuracy = header.IndexOf("accuracy_pct");
        Assert.True(policy >= 0 && accuracy >= 0, lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(6, rows.Count);
        double Accuracy(string[] row) => double.Parse(row[accuracy], CultureInfo.InvariantCulture);
        var localAll = rows.Where(r => r[policy] == "local-all").ToList();
        var edgeAll = rows.Where(r => r[policy] == "edge-all").ToList();
        Assert.Equal(2, localAll.Count);
        Assert.Equal(2, edgeAll.Count);
        Assert.All(localAll, r => Assert.Equal(slmMean, Accuracy(r), 9));
        Assert.All(edgeAll, r => Assert.Equal(llmMean, Accuracy(r), 9));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "run.json")));
        var workload = manifest.RootElement.GetProperty("workload");
        Assert.False(workload.GetProperty("synthetic").GetBoolean());
        Assert.Equal("trace:trace.jsonl", workload.GetProperty("name").GetString());
        Assert.Equal(Path.GetFullPath(trace), workload.GetProperty("trace").GetString());
        Assert.Equal("sequential", workload.GetProperty("order").GetString());
        Assert.Equal(10, workload.GetProperty("lines").GetInt32());
    }

    [Fact]
    public async Task Analyze_reads_a_trace_and_scores_a_signal_that_separates_right_from_wrong_perfectly()
    {
        string dir = TestData.TempDir();
        // p1 rises with i while p2 stays put, so margin uncertainty falls with i; the small model is wrong exactly on
        // the 20 most uncertain lines, so margin (and max-prob) must rank every wrong answer above every right one.
        var records = Enumerable.Range(0, 40).Select(i => TestData.Record(i, slmCorrect: i >= 20) with
        {
            TopK = [new(" kitchen", 0.3 + 0.01 * i), new(" garden", 0.2), new(" office", 0.05)],
        }).ToList();
        string trace = TestData.WriteTrace(dir, records);
        var (exit, output, err) = await TestData.CliAsync("analyze", "--trace", trace, "--json", "--bootstrap", "50",
            "--signals", "margin,max-prob", "--out", Path.Combine(dir, "plots"));
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        // Both signals must be there: over an empty array the loop below would check nothing.
        Assert.Equal(2, doc.RootElement.GetArrayLength());
        foreach (var signal in doc.RootElement.EnumerateArray())
        {
            Assert.Equal(1.0, signal.GetProperty("auroc").GetDouble(), 12);
            Assert.Equal(1.0, signal.GetProperty("prr").GetDouble(), 12);
        }
        var (exit2, _, err2) = await TestData.CliAsync("analyze", "--trace", Path.Combine(dir, "missing.jsonl"), "--out", Path.Combine(dir, "plots"));
        Assert.Equal(2, exit2);
        Assert.Contains("does not exist", err2);
    }

    [Fact]
    public async Task Simulate_with_a_bad_trace_prints_one_line_and_exits_2()
    {
        string dir = TestData.TempDir();
        string path = Path.Combine(dir, "bad.jsonl");
        File.WriteAllText(path, TraceFile.Format(TestData.Record(0)).Replace("\"slm_time_s\":0.1,", "") + "\n");
        var (exit, _, err) = await TestData.CliAsync("simulate", "--trace", path, "--runs", "1", "--users", "10", "--out", Path.Combine(dir, "o"), "--quiet");
        Assert.Equal(2, exit);
        Assert.Equal($"error: {path}:1: field 'slm_time_s' is missing or not a number.", err.Trim());
        var (exit2, _, err2) = await TestData.CliAsync("simulate", "--trace", Path.Combine(dir, "none.jsonl"), "--runs", "1", "--quiet", "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, exit2);
        Assert.Contains("does not exist", err2);
        var (exit3, _, err3) = await TestData.CliAsync("simulate", "--trace-order", "sequential", "--runs", "1", "--quiet", "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, exit3);
        Assert.Contains("--trace-order only applies to a replayed trace", err3);
        var (exit4, _, err4) = await TestData.CliAsync("simulate", "--trace", path, "--trace-order", "shuffled", "--runs", "1", "--quiet", "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, exit4);
        Assert.Contains("--trace-order 'shuffled' is not an order", err4);
    }
}

public class TraceCliInputTests
{
    [Theory]
    [InlineData("simulate", "\"p\":0.5", "\"p\":\"NaN\"", "field 'top_k[0].p' is NaN; it must be a finite number >= 0.")]
    [InlineData("simulate", "\"p\":0.5", "\"p\":-0.5", "field 'top_k[0].p' is -0.5; it must be a finite number >= 0.")]
    [InlineData("simulate", "\"top_k\":[{\"token\":\" kitchen\",\"p\":0.5},{\"token\":\" Kitchen\",\"p\":0.1},{\"token\":\" garden\",\"p\":0.2}]", "\"top_k\":[]", "field 'top_k' is missing or not a non-empty array")]
    [InlineData("simulate", "\"slm_time_s\":0.1", "\"slm_time_s\":-1", "field 'slm_time_s' is -1; it must be a finite number >= 0.")]
    [InlineData("analyze", "\"p\":0.5", "\"p\":\"NaN\"", "field 'top_k[0].p' is NaN")]
    [InlineData("analyze", "\"prompt\":", "\"prompt_text\":", "field 'prompt' is missing or not a string.")]
    [InlineData("analyze", "\"p\":0.5", "\"p\":0.9", "field 'top_k'")]
    public async Task Bad_trace_lines_give_one_line_naming_file_line_and_field_and_exit_2(string command, string find, string replace, string expected)
    {
        string dir = TestData.TempDir();
        string good = TraceFile.Format(TestData.Record(0));
        Assert.Contains(find, good);
        string path = Path.Combine(dir, "bad.jsonl");
        File.WriteAllText(path, TraceFile.Format(TestData.Record(1)) + "\n" + good.Replace(find, replace) + "\n");
        string[] args = command == "simulate"
            ? ["simulate", "--trace", path, "--runs", "1", "--users", "10", "--out", Path.Combine(dir, "o"), "--quiet"]
            : ["analyze", "--trace", path, "--bootstrap", "10", "--out", Path.Combine(dir, "o")];
        var (exit, _, err) = await TestData.CliAsync(args);
        Assert.Equal(2, exit);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: {path}:2: ", err);
        Assert.Contains(expected, err);
    }
}

public class TornTraceTests
{
    [Fact]
    public async Task A_trace_read_while_its_last_line_is_half_written_says_so()
    {
        string dir = TestData.TempDir();
        string line = TraceFile.Format(TestData.Record(1));
        string path = Path.Combine(dir, "t.jsonl");
        File.WriteAllText(path, TraceFile.Format(TestData.Record(0)) + "\n\n" + line[..(line.Length / 2)]);
        var e = Assert.Throws<TraceFormatException>(() => TraceFile.ReadProfiles(path));
        Assert.StartsWith($"{path}:3: malformed JSON", e.Message);
        Assert.Contains("The last line is incomplete", e.Message);
        var (exit, _, err) = await TestData.CliAsync("simulate", "--trace", path, "--runs", "1", "--users", "10", "--out", Path.Combine(dir, "o"), "--quiet");
        Assert.Equal(2, exit);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("re-run the same profile command", err);

        // A complete bad line is a bad line, not a torn one.
        File.WriteAllText(path, TraceFile.Format(TestData.Record(0)) + "\n" + line[..(line.Length / 2)] + "\n");
        Assert.DoesNotContain("incomplete", Assert.Throws<TraceFormatException>(() => TraceFile.Read(path)).Message);
    }
}

public class TraceWriterTests
{
    [Fact]
    public void A_trace_open_for_writing_cannot_be_opened_by_a_second_writer()
    {
        string path = Path.Combine(TestData.TempDir(), "t.jsonl");
        using var first = new TraceWriter(path);
        first.Append(TestData.Record(0));
        Assert.Throws<IOException>(() => new TraceWriter(path));
        // Readers are welcome while it is being written.
        Assert.Single(TraceFile.Read(path));
    }

    [Fact]
    public void A_writer_closed_without_a_line_leaves_no_file_and_one_with_lines_keeps_them()
    {
        string path = Path.Combine(TestData.TempDir(), "t.jsonl");
        using (new TraceWriter(path)) Assert.True(File.Exists(path));
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".lock"));
        using (var w = new TraceWriter(path)) w.Append(TestData.Record(0));
        using (var w = new TraceWriter(path)) Assert.Single(w.ExistingIds);
        Assert.Single(TraceFile.Read(path));
    }
}
