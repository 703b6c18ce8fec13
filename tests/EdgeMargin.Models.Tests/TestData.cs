using EdgeMargin.Cli;
using EdgeMargin.Models.Traces;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Models.Tests;

/// <summary>Shared helpers: temp folders, trace records, the in-process CLI.</summary>
internal static class TestData
{
    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "edgemargin-models-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static TraceRecord Record(int i, bool slmCorrect = true, bool llmCorrect = true) => new()
    {
        Id = $"q{i}",
        Prompt = $"Story {i}.\nQuestion: where?\nAnswer:",
        Label = "kitchen",
        SlmModel = "openai:http://127.0.0.1:1/v1#slm",
        LlmModel = "openai:http://127.0.0.1:2/v1#llm",
        SlmAnswer = slmCorrect ? " kitchen" : " garden",
        LlmAnswer = llmCorrect ? " kitchen" : " office",
        SlmCorrect = slmCorrect,
        LlmCorrect = llmCorrect,
        TopK = [new(" kitchen", 0.5 + 0.01 * (i % 10)), new(" Kitchen", 0.1), new(" garden", 0.2)],
        SlmAnswerLogProbs = [-0.4, -0.01],
        SlmPromptTokens = 20 + i,
        LlmPromptTokens = 21 + i,
        SlmAnswerTokens = 2,
        LlmAnswerTokens = 2,
        SlmTimeS = 0.1 + 0.001 * i,
        LlmTimeS = 0.3 + 0.002 * i,
    };

    public static string WriteTrace(string dir, IEnumerable<TraceRecord> records, string name = "trace.jsonl")
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, string.Concat(records.Select(r => TraceFile.Format(r) + "\n")));
        return path;
    }

    /// <summary>
    /// Runs <c>profile</c> on four generated bAbI questions with <paramref name="slm"/> as the small model and a scripted
    /// server that always answers "kitchen" as the large one, and returns the trace it wrote.
    /// </summary>
    public static async Task<IReadOnlyList<TraceRecord>> ProfileAgainstScriptedLlmAsync(string root, string slm)
    {
        string data = Path.Combine(root, "babi");
        Babi.BabiGenerator.WriteFiles(data, [1], 1, 3);
        await using var llm = await FakeOpenAiServer.StartAsync((_, _, _) => new ScriptedReply(200,
            "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"kitchen\"},\"finish_reason\":\"stop\"}]}"));
        string trace = Path.Combine(root, "trace.jsonl");
        var (exit, _, err) = await CliAsync("profile", "--slm", slm, "--llm", $"openai-chat:{llm.BaseUrl}#big", "--data", $"babi:{data}",
            "--limit", "4", "--top-k", "3", "--out", trace, "--quiet");
        Assert.True(exit == 0, err);
        var records = TraceFile.Read(trace);
        Assert.Equal(4, records.Count);
        return records;
    }

    public static async Task<(int Exit, string Out, string Err)> CliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await CliHost.RunAsync(CliHost.BuildRoot(), args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
