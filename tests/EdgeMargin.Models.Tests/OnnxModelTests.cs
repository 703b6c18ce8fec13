using EdgeMargin.Models.Backends;
using EdgeMargin.Models.Onnx;

namespace EdgeMargin.Models.Tests;

public class OnnxModelTests
{
    private static readonly string[] Vocab = ["<unk>", "<eos>", "Answer", ":", "kitchen", "garden", "office", ".", "Where", "is", "Mary", "?"];

    /// <summary>Bigram weights: after ':' the model prefers kitchen, then garden; after kitchen a '.', then end.</summary>
    private static float[,] Weights()
    {
        var w = new float[Vocab.Length, Vocab.Length];
        int I(string t) => Array.IndexOf(Vocab, t);
        w[I(":"), I("kitchen")] = 3f;
        w[I(":"), I("garden")] = 2f;
        w[I(":"), I("office")] = 0.5f;
        w[I("kitchen"), I(".")] = 4f;
        w[I("."), I("<eos>")] = 5f;
        return w;
    }

    private static double[] Softmax(float[,] w, int row)
    {
        int v = w.GetLength(1);
        var e = Enumerable.Range(0, v).Select(j => Math.Exp(w[row, j])).ToArray();
        double s = e.Sum();
        return e.Select(x => x / s).ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hand_built_onnx_bigram_lm_decodes_greedily_and_reports_the_exact_softmax_top_k(bool pastAndPositions)
    {
        string dir = TestData.TempDir();
        var w = Weights();
        TinyOnnxLm.Write(dir, Vocab, w, pastAndPositions);
        using var model = ModelSpec.Create($"onnx:{dir}", new ModelSettings(TopK: 3));
        var a = await model.AnswerAsync("Where is Mary?\nAnswer:", 5, CancellationToken.None);

        Assert.Equal("kitchen.", a.Text);
        Assert.Equal(6, a.PromptTokens);
        Assert.Equal(2, a.AnswerTokens);
        double[] expected = Softmax(w, Array.IndexOf(Vocab, ":"));
        Assert.Equal(["kitchen", "garden", "office"], a.TopTokens.Select(t => t.Token));
        Assert.Equal(expected[Array.IndexOf(Vocab, "kitchen")], a.TopTokens[0].Probability, 6);
        Assert.Equal(expected[Array.IndexOf(Vocab, "garden")], a.TopTokens[1].Probability, 6);
        Assert.Equal(Math.Log(expected[Array.IndexOf(Vocab, "kitchen")]), a.AnswerLogProbs![0], 6);
        Assert.Equal(Math.Log(Softmax(w, Array.IndexOf(Vocab, "kitchen"))[Array.IndexOf(Vocab, ".")]), a.AnswerLogProbs[1], 6);
        Assert.StartsWith("onnx:", model.Id);
        // The candidates feed the core margin procedure unchanged.
        var dist = EdgeMargin.Uncertainty.TopKDistribution.FromTokens(a.TopTokens);
        Assert.Equal(expected[Array.IndexOf(Vocab, "kitchen")] - expected[Array.IndexOf(Vocab, "garden")], dist.Probabilities[0] - dist.Probabilities[1], 6);
    }

    [Fact]
    public async Task The_max_token_budget_stops_generation()
    {
        string dir = TestData.TempDir();
        TinyOnnxLm.Write(dir, Vocab, Weights());
        using var model = OnnxModel.Load(dir, 2);
        var a = await model.AnswerAsync("Answer:", 1, CancellationToken.None);
        Assert.Equal("kitchen", a.Text);
        Assert.Equal(2, a.TopTokens.Count);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"eos_token_id\": \"two\"}")]
    [InlineData("{\"eos_token_id\": [2, 3.5]}")]
    public void A_config_json_that_cannot_be_read_is_named_in_the_error(string config)
    {
        string dir = TestData.TempDir();
        TinyOnnxLm.Write(dir, Vocab, Weights());
        File.WriteAllText(Path.Combine(dir, "config.json"), config);
        string message = Assert.Throws<ArgumentException>(() => ModelSpec.Create($"onnx:{dir}")).Message;
        Assert.Contains(Path.Combine(dir, "config.json"), message);
        Assert.Contains("eos_token_id must be an integer or a list of integers", message);
    }

    [Fact]
    public void Missing_model_or_tokenizer_are_clear_errors()
    {
        string dir = TestData.TempDir();
        Assert.Contains("no ONNX model at", Assert.Throws<ArgumentException>(() => ModelSpec.Create($"onnx:{dir}")).Message);
        TinyOnnxLm.Write(dir, Vocab, Weights());
        File.Delete(Path.Combine(dir, "vocab.txt"));
        Assert.Contains("no tokenizer", Assert.Throws<ArgumentException>(() => ModelSpec.Create($"onnx:{dir}")).Message);
    }
}

public class OnnxProfileTests
{
    [Fact]
    public async Task Profile_runs_an_in_process_onnx_small_model_against_a_served_large_model()
    {
        string root = TestData.TempDir();
        // A bigram model over the bAbI vocabulary that always says "kitchen" after "Answer :".
        string[] vocab = ["<unk>", "<eos>", "Answer", ":", "kitchen", "garden", "hallway", "."];
        var w = new float[vocab.Length, vocab.Length];
        w[3, 4] = 2f;
        w[3, 5] = 1f;
        w[4, 1] = 5f;
        string model = Path.Combine(root, "slm");
        TinyOnnxLm.Write(model, vocab, w);
        var records = await TestData.ProfileAgainstScriptedLlmAsync(root, $"onnx:{model}");
        Assert.All(records, r =>
        {
            Assert.Equal("kitchen", r.SlmAnswer);
            Assert.Equal(["kitchen", "garden"], r.TopK.Take(2).Select(t => t.Token));
            Assert.StartsWith("onnx:", r.SlmModel);
            Assert.Equal(r.Label == "kitchen", r.SlmCorrect);
        });
    }
}
