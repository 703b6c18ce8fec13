using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace EdgeMargin.Models.Onnx;

/// <summary>
/// A byte-level BPE tokenizer from a Hugging Face <c>vocab.json</c> + <c>merges.txt</c> pair (GPT-2, distilgpt2, and
/// the vocab/merges files that Qwen2, SmolLM and Phi exports also ship) or from a byte-level BPE <c>tokenizer.json</c>
/// (Llama 3 exports ship only that), through Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>. Text is split with
/// the pre-tokenizer pattern (GPT-2's unless tokenizer.json names another), then every UTF-8 byte is mapped to GPT-2's
/// printable stand-in (a space is "Ġ"), so " kitchen" is one token and decodes back to " kitchen".
/// </summary>
public sealed class ByteLevelBpeTextTokenizer : ITextTokenizer
{
    // GPT-2's pre-tokenizer (the pattern in its tokenizer.json and in tiktoken's gpt2/r50k_base). Models trained with
    // another split (Qwen2 and SmolLM keep digits apart) tokenize a few strings differently under it; letters, single
    // spaces and punctuation, which is what a bAbI prompt is made of, split the same.
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly BpeTokenizer _tokenizer;
    private readonly Dictionary<string, int> _vocabulary;
    private readonly HashSet<int> _ids;
    private readonly int[] _prefix;

    private ByteLevelBpeTextTokenizer(BpeTokenizer tokenizer, Dictionary<string, int> vocabulary, int[] prefix)
    {
        _tokenizer = tokenizer;
        _vocabulary = vocabulary;
        _ids = [.. vocabulary.Values];
        _prefix = prefix;
    }

    /// <summary>
    /// Reads <paramref name="vocabPath"/> (a JSON object of token to id) and <paramref name="mergesPath"/> (one merge
    /// "a b" a line, highest priority first; a "#version" first line is skipped).
    /// </summary>
    /// <exception cref="ArgumentException">Either file is malformed, or a merge names a token the vocabulary lacks.</exception>
    public static ByteLevelBpeTextTokenizer Load(string vocabPath, string mergesPath)
    {
        ArgumentNullException.ThrowIfNull(vocabPath);
        ArgumentNullException.ThrowIfNull(mergesPath);
        Dictionary<string, int>? vocabulary;
        try { vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath, Encoding.UTF8)); }
        catch (JsonException e)
        {
            throw new ArgumentException($"{vocabPath}: not a BPE vocabulary ({e.Message}); vocab.json must be a JSON object mapping each token to its integer id, as Hugging Face exports write it.", e);
        }
        var merges = new List<(string, string, string)>();
        int number = 0;
        foreach (string line in File.ReadLines(mergesPath, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0 || (number == 1 && line.StartsWith("#version", StringComparison.Ordinal))) continue;
            string[] parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new ArgumentException($"{mergesPath}:{number}: a merge is two tokens separated by one space, not '{line}'.");
            merges.Add((parts[0], parts[1], $"{mergesPath}:{number}"));
        }
        // Tokens such as <|endoftext|> are matched whole, before the byte mapping, as GPT-2's tokenizer does; an
        // ordinary token never looks like one.
        var special = (vocabulary ?? []).Where(kv => kv.Key.Length > 4 && kv.Key.StartsWith("<|", StringComparison.Ordinal) && kv.Key.EndsWith("|>", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return Create(vocabulary, vocabPath, merges, special, Gpt2Pattern, []);
    }

    /// <summary>
    /// Reads a Hugging Face tokenizer.json whose model is byte-level BPE: <c>model.vocab</c>, <c>model.merges</c> ("a b"
    /// strings or [a, b] pairs), <c>added_tokens</c>, and a <c>ByteLevel</c> pre-tokenizer, alone (GPT-2's pattern)
    /// or after a regex <c>Split</c> (Qwen2, Llama 3), whose pattern is then used. Start tokens that the
    /// <c>TemplateProcessing</c> post-processor puts before a single text (Llama 3's &lt;|begin_of_text|&gt;) are added.
    /// </summary>
    /// <exception cref="ArgumentException">Malformed, or a tokenizer of another kind (WordPiece, Unigram, SentencePiece-style BPE).</exception>
    public static ByteLevelBpeTextTokenizer LoadTokenizerJson(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string Bad(string why) => $"{path}: {why}; only byte-level BPE tokenizer.json files (GPT-2, Qwen2, Llama 3 exports) are read here.";
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8)); }
        catch (JsonException e) { throw new ArgumentException(Bad($"not JSON ({e.Message})"), e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
                throw new ArgumentException(Bad("there is no 'model' object"));
            string type = model.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            if (type != "BPE") throw new ArgumentException(Bad($"the model is '{type}', not BPE"));
            if (model.TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True)
                throw new ArgumentException(Bad("the BPE model uses byte_fallback (SentencePiece-style, e.g. Llama 2); use its tokenizer.model instead"));
            if (!model.TryGetProperty("vocab", out var vocabElement) || vocabElement.ValueKind != JsonValueKind.Object)
                throw new ArgumentException(Bad("'model.vocab' is not an object of token to id"));
            var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in vocabElement.EnumerateObject())
                vocabulary[entry.Name] = entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt32(out int id)
                    ? id : throw new ArgumentException(Bad($"token '{entry.Name}' in model.vocab has no integer id"));
            var merges = new List<(string, string, string)>();
            if (model.TryGetProperty("merges", out var mergesElement) && mergesElement.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (var merge in mergesElement.EnumerateArray())
                {
                    index++;
                    // Older files write "a b", newer ones ["a", "b"] (which allows a space inside a token).
                    string[]? parts = merge.ValueKind switch
                    {
                        JsonValueKind.String => merge.GetString()!.Split(' '),
                        JsonValueKind.Array when merge.GetArrayLength() == 2 && merge.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String) =>
                            merge.EnumerateArray().Select(p => p.GetString()!).ToArray(),
                        _ => null,
                    };
                    if (parts is not [{ Length: > 0 }, { Length: > 0 }])
                        throw new ArgumentException(Bad($"merge {index} of model.merges is not two tokens"));
                    merges.Add((parts[0], parts[1], $"{path}: model.merges[{index - 1}]"));
                }
            }
            var special = new Dictionary<string, int>(StringComparer.Ordinal);
            if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
                foreach (var token in added.EnumerateArray())
                    if (token.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                        && token.TryGetProperty("id", out var id) && id.TryGetInt32(out int value))
                        special[content.GetString()!] = value;
            string pattern = PreTokenizerPattern(root.TryGetProperty("pre_tokenizer", out var pre) ? pre : default, Bad);
            var prefix = new List<int>();
            if (root.TryGetProperty("post_processor", out var post)) StartTokens(post, special, vocabulary, prefix);
            foreach (var (token, id) in special) vocabulary.TryAdd(token, id);
            return Create(vocabulary, path, merges, special, pattern, [.. prefix]);
        }
    }

    private static string PreTokenizerPattern(JsonElement pre, Func<string, string> bad)
    {
        string Type(JsonElement e) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        bool UsesRegex(JsonElement e) => !(e.TryGetProperty("use_regex", out var u) && u.ValueKind == JsonValueKind.False);
        if (Type(pre) == "ByteLevel" && UsesRegex(pre)) return Gpt2Pattern;
        if (Type(pre) == "Sequence" && pre.TryGetProperty("pretokenizers", out var steps) && steps.ValueKind == JsonValueKind.Array)
        {
            var list = steps.EnumerateArray().ToList();
            if (list.Count == 1 && Type(list[0]) == "ByteLevel" && UsesRegex(list[0])) return Gpt2Pattern;
            // Qwen2 and Llama 3: isolate the pattern's matches, then map bytes without a second split.
            if (list.Count == 2 && Type(list[0]) == "Split" && Type(list[1]) == "ByteLevel" && !UsesRegex(list[1])
                && list[0].TryGetProperty("pattern", out var p) && p.TryGetProperty("Regex", out var regex) && regex.ValueKind == JsonValueKind.String
                && list[0].TryGetProperty("behavior", out var behavior) && behavior.GetString() == "Isolated"
                && !(list[0].TryGetProperty("invert", out var invert) && invert.ValueKind == JsonValueKind.True))
                return regex.GetString()!;
        }
        string described = pre.ValueKind == JsonValueKind.Undefined ? "none" : pre.GetRawText();
        if (described.Length > 200) described = described[..200] + "...";
        throw new ArgumentException(bad($"its pre_tokenizer ({described}) is not ByteLevel, alone or after a regex Split"));
    }

    private static void StartTokens(JsonElement post, Dictionary<string, int> special, Dictionary<string, int> vocabulary, List<int> prefix)
    {
        if (post.ValueKind != JsonValueKind.Object) return;
        if (post.TryGetProperty("processors", out var processors) && processors.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in processors.EnumerateArray()) StartTokens(p, special, vocabulary, prefix);
            return;
        }
        if (!(post.TryGetProperty("type", out var type) && type.GetString() == "TemplateProcessing" && post.TryGetProperty("single", out var single) && single.ValueKind == JsonValueKind.Array))
            return;
        // Only what precedes the text: an end token after the prompt would tell the model the text is over.
        foreach (var piece in single.EnumerateArray())
        {
            if (!piece.TryGetProperty("SpecialToken", out var token)) break;
            string name = token.TryGetProperty("id", out var n) ? n.GetString() ?? "" : "";
            if (special.TryGetValue(name, out int id) || vocabulary.TryGetValue(name, out id)) prefix.Add(id);
        }
    }

    private static ByteLevelBpeTextTokenizer Create(Dictionary<string, int>? vocabulary, string vocabSource, List<(string A, string B, string Where)> merges,
        Dictionary<string, int> special, string pattern, int[] prefix)
    {
        if (vocabulary is null || vocabulary.Count == 0)
            throw new ArgumentException($"{vocabSource}: the vocabulary is empty; it must map each token to its integer id.");
        if (vocabulary.FirstOrDefault(kv => kv.Value < 0) is { Key: not null } negative)
            throw new ArgumentException($"{vocabSource}: token '{negative.Key}' has the negative id {negative.Value}.");
        foreach (var (a, b, where) in merges)
            // A merge whose parts or result are not tokens could never fire or would emit an id-less token: the two
            // halves are from different tokenizers, which would tokenize silently wrong.
            foreach (string token in new[] { a, b, a + b })
                if (!vocabulary.ContainsKey(token))
                    throw new ArgumentException($"{where}: the merge '{a} {b}' needs the token '{token}', which the vocabulary lacks; the vocabulary and the merges must come from the same tokenizer.");
        Regex regex;
        try { regex = new Regex(pattern, RegexOptions.CultureInvariant); }
        catch (ArgumentException e) { throw new ArgumentException($"{vocabSource}: the pre-tokenizer pattern is not a .NET regular expression ({e.Message}).", e); }
        var options = new BpeOptions(vocabulary)
        {
            Merges = merges.Select(m => $"{m.A} {m.B}"),
            ByteLevel = true,
            SpecialTokens = special.Count > 0 ? special : null,
            PreTokenizer = new RegexPreTokenizer(regex, special.Count > 0 ? special : null),
        };
        BpeTokenizer tokenizer;
        // The library's own checks are the last line of defence; its messages do not name the file.
        try { tokenizer = BpeTokenizer.Create(options); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"{vocabSource} does not give a byte-level BPE tokenizer: {e.Message}", e);
        }
        return new ByteLevelBpeTextTokenizer(tokenizer, vocabulary, prefix);
    }

    /// <summary>Id of a token in its vocabulary form (e.g. "Ġkitchen", "&lt;|endoftext|&gt;"), or null.</summary>
    public int? IdOf(string token) => _vocabulary.TryGetValue(token, out int id) ? id : null;

    /// <inheritdoc />
    public IReadOnlyList<int> Encode(string text) => _prefix.Length == 0 ? _tokenizer.EncodeToIds(text) : [.. _prefix, .. _tokenizer.EncodeToIds(text)];

    /// <inheritdoc />
    public string Decode(IReadOnlyList<int> ids) => _tokenizer.Decode(ids.Where(Known)) ?? "";

    /// <inheritdoc />
    // An export's logits can be wider than its vocabulary (padded to a multiple of 64); those ids have no text.
    public string TokenText(int id) => Known(id) ? _tokenizer.Decode([id]) ?? "" : "";

    private bool Known(int id) => _ids.Contains(id);
}
