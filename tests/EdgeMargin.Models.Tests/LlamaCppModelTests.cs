using EdgeMargin.Models.Backends;
using EdgeMargin.Models.LlamaCpp;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Models.Tests;

/// <summary>The llama.cpp backend, run for real on GGUF files the tests write (<see cref="TinyGguf"/>).</summary>
public class LlamaCppModelTests
{
    private static readonly string[] Pieces = ["▁Answer", "▁Where", "▁is", "▁Mary", "▁kitchen", "▁garden", "▁office", ":", ".", "?"];

    /// <summary>After ':' the model prefers kitchen, then garden; after kitchen a '.', then the end; after '?' garden.</summary>
    private static TinyGguf Bigrams() => new TinyGguf(Pieces)
        .Logit(":", "▁kitchen", 3f)
        .Logit(":", "▁garden", 2f)
        .Logit(":", "▁office", 0.5f)
        .Logit("▁kitchen", ".", 4f)
        .Logit(".", "</s>", 5f)
        .Logit("?", "▁garden", 2.5f)
        .Logit("▁garden", "</s>", 6f);

    private static string Write(TinyGguf model)
    {
        string path = Path.Combine(TestData.TempDir(), "tiny.gguf");
        model.Save(path);
        return path;
    }

    [Fact]
    public async Task A_hand_built_gguf_llama_decodes_greedily_and_reports_the_exact_softmax_top_k()
    {
        var tiny = Bigrams();
        using var model = ModelSpec.Create($"gguf:{Write(tiny)}", new ModelSettings(TopK: 3));
        var a = await model.AnswerAsync("Answer:", 5, CancellationToken.None);

        Assert.Equal(" kitchen.", a.Text);
        Assert.Equal(3, a.PromptTokens); // <s>, ▁Answer, :
        Assert.Equal(2, a.AnswerTokens);
        double[] expected = tiny.Softmax(":");
        Assert.Equal([" kitchen", " garden", " office"], a.TopTokens.Select(t => t.Token));
        Assert.Equal(expected[tiny.Id("▁kitchen")], a.TopTokens[0].Probability, 5);
        Assert.Equal(expected[tiny.Id("▁garden")], a.TopTokens[1].Probability, 5);
        Assert.Equal(expected[tiny.Id("▁office")], a.TopTokens[2].Probability, 5);
        Assert.Equal(Math.Log(expected[tiny.Id("▁kitchen")]), a.AnswerLogProbs![0], 5);
        Assert.Equal(Math.Log(tiny.Softmax("▁kitchen")[tiny.Id(".")]), a.AnswerLogProbs[1], 5);
        Assert.StartsWith("gguf:", model.Id);
        // The candidates feed the core margin procedure unchanged.
        var dist = TopKDistribution.FromTokens(a.TopTokens);
        Assert.Equal(expected[tiny.Id("▁kitchen")] - expected[tiny.Id("▁garden")], dist.Probabilities[0] - dist.Probabilities[1], 5);
    }

    [Fact]
    public async Task Each_answer_starts_from_an_empty_cache_and_the_token_budget_stops_generation()
    {
        var tiny = Bigrams();
        string path = Write(tiny);
        using var model = LlamaCppModel.Load(path, 2);
        var first = await model.AnswerAsync("Answer:", 1, CancellationToken.None);
        Assert.Equal(" kitchen", first.Text);
        Assert.Equal(1, first.AnswerTokens);
        Assert.Equal(2, first.TopTokens.Count);
        // A second prompt at position 0 again: llama.cpp refuses positions that do not follow the cached ones, so this
        // only decodes when the previous answer's cache was cleared.
        var second = await model.AnswerAsync("Where is Mary?", 5, CancellationToken.None);
        Assert.Equal(" garden", second.Text);
        Assert.Equal(tiny.Softmax("?")[tiny.Id("▁garden")], second.TopTokens[0].Probability, 5);
        // The end token is a candidate too, under its own name.
        var afterKitchen = await model.AnswerAsync("Answer: kitchen.", 3, CancellationToken.None);
        Assert.Equal("", afterKitchen.Text);
        Assert.Equal("</s>", afterKitchen.TopTokens[0].Token);
    }

    [Fact]
    public async Task Concurrent_callers_get_the_same_answers_as_one_at_a_time()
    {
        string path = Write(Bigrams());
        using var model = LlamaCppModel.Load(path, 3);
        string[] prompts = ["Answer:", "Where is Mary?", "Answer:", "Where is Mary?", "Answer:", "Where is Mary?"];
        var together = await Task.WhenAll(prompts.Select(p => model.AnswerAsync(p, 4, CancellationToken.None)));
        for (int i = 0; i < prompts.Length; i++)
        {
            var alone = await model.AnswerAsync(prompts[i], 4, CancellationToken.None);
            Assert.Equal(alone.Text, together[i].Text);
            Assert.Equal(alone.TopTokens, together[i].TopTokens);
        }
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_a_clear_error()
    {
        // The file declares 256 tokens of context ('?' is one token, <s> another).
        using var model = LlamaCppModel.Load(Write(Bigrams()), 2);
        Assert.Equal(256, model.ContextTokens);
        var fits = await model.AnswerAsync(new string('?', 240), 5, CancellationToken.None);
        Assert.Equal(" garden", fits.Text);
        var error = await Assert.ThrowsAsync<ModelException>(() => model.AnswerAsync(new string('?', 260), 5, CancellationToken.None));
        Assert.Contains($"the prompt is {fits.PromptTokens + 20} tokens and up to 5 more may follow, beyond the 256 tokens of context", error.Message);
        Assert.Contains("tokens of context", error.Message);
        Assert.Contains("Shorten the prompt or lower --max-tokens", error.Message);
        // The model is still usable afterwards.
        Assert.Equal(" kitchen.", (await model.AnswerAsync("Answer:", 5, CancellationToken.None)).Text);
    }

    [Fact]
    public void Missing_directory_foreign_and_broken_files_are_clear_errors()
    {
        string dir = TestData.TempDir();
        Assert.Contains("no file at", Assert.Throws<ArgumentException>(() => ModelSpec.Create($"gguf:{Path.Combine(dir, "none.gguf")}")).Message);
        Assert.Contains("is a directory", Assert.Throws<ArgumentException>(() => ModelSpec.Create($"gguf:{dir}")).Message);

        string text = Path.Combine(dir, "model.onnx");
        File.WriteAllText(text, "not a model");
        Assert.Contains("is not a GGUF file", Assert.Throws<ArgumentException>(() => ModelSpec.Create($"gguf:{text}")).Message);

        // A real header cut short: llama.cpp refuses it, and its own words are in the message.
        string whole = Write(Bigrams());
        string cut = Path.Combine(dir, "cut.gguf");
        File.WriteAllBytes(cut, File.ReadAllBytes(whole)[..4096]);
        string message = Assert.Throws<ArgumentException>(() => ModelSpec.Create($"gguf:{cut}")).Message;
        Assert.Contains("llama.cpp cannot load the file", message);
        Assert.Contains("(llama.cpp: ", message);

        // A well-formed file of an architecture this llama.cpp does not know.
        string odd = Path.Combine(dir, "odd.gguf");
        new GgufFile().String("general.architecture", "no-such-architecture").Save(odd);
        Assert.Contains("no-such-architecture", Assert.Throws<ArgumentException>(() => ModelSpec.Create($"gguf:{odd}")).Message);
    }
}

public class LlamaCppProfileTests
{
    [Fact]
    public async Task Profile_runs_an_in_process_gguf_small_model_against_a_served_large_model()
    {
        string root = TestData.TempDir();
        var tiny = new TinyGguf(["▁kitchen", "▁garden", "▁hallway", ":"])
            .Logit(":", "▁kitchen", 2f)
            .Logit(":", "▁garden", 1f)
            .Logit("▁kitchen", "</s>", 5f);
        // A bAbI prompt is some 300 tokens here: most of its characters fall back to byte tokens.
        tiny.ContextLength = 1024;
        string model = Path.Combine(root, "slm.gguf");
        tiny.Save(model);
        var records = await TestData.ProfileAgainstScriptedLlmAsync(root, $"gguf:{model}");
        Assert.All(records, r =>
        {
            Assert.Equal(" kitchen", r.SlmAnswer);
            Assert.Equal([" kitchen", " garden"], r.TopK.Take(2).Select(t => t.Token));
            Assert.Equal(tiny.Softmax(":")[tiny.Id("▁kitchen")], r.TopK[0].Probability, 5);
            Assert.StartsWith("gguf:", r.SlmModel);
            Assert.Equal(r.Label == "kitchen", r.SlmCorrect);
        });
    }
}
