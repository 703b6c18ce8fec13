using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace EdgeMargin.Models.Onnx;

/// <summary>Turns text into token ids and back, for the in-process ONNX backend.</summary>
public interface ITextTokenizer
{
    /// <summary>Token ids of <paramref name="text"/> (with whatever start token the model expects).</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>Text of a generated sequence.</summary>
    string Decode(IReadOnlyList<int> ids);

    /// <summary>Surface text of one token, as a candidate at the first answer position.</summary>
    string TokenText(int id);
}

/// <summary>
/// A word-level tokenizer over a vocab.txt (one token per line, id = line index): text is split into words and
/// punctuation marks, unknown words map to "&lt;unk&gt;". Meant for small purpose-built models and tests; real
/// subword models use <see cref="SentencePieceTextTokenizer"/> or <see cref="ByteLevelBpeTextTokenizer"/>.
/// </summary>
public sealed partial class WordTokenizer : ITextTokenizer
{
    private readonly string[] _vocab;
    private readonly Dictionary<string, int> _ids;
    private readonly int _unknown;

    /// <summary>Builds the tokenizer from its vocabulary; it must contain "&lt;unk&gt;".</summary>
    public WordTokenizer(IReadOnlyList<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocab = vocabulary.ToArray();
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _vocab.Length; i++) _ids.TryAdd(_vocab[i], i);
        if (!_ids.TryGetValue("<unk>", out _unknown))
            throw new ArgumentException("A word vocabulary needs an '<unk>' entry for words it does not know.", nameof(vocabulary));
    }

    /// <summary>Reads vocab.txt.</summary>
    public static WordTokenizer Load(string path) =>
        new(File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0).ToArray());

    [GeneratedRegex(@"[\p{L}\p{N}_']+|[^\s\p{L}\p{N}_']", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    /// <summary>Id of a token, or null.</summary>
    public int? IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : null;

    /// <inheritdoc />
    public IReadOnlyList<int> Encode(string text) =>
        Words().Matches(text).Select(m => _ids.TryGetValue(m.Value, out int id) ? id : _unknown).ToArray();

    /// <inheritdoc />
    public string Decode(IReadOnlyList<int> ids)
    {
        var sb = new StringBuilder();
        foreach (int id in ids)
        {
            string t = TokenText(id);
            // Words are separated by spaces; punctuation attaches to the word before it.
            if (sb.Length > 0 && (char.IsLetterOrDigit(t[0]) || t[0] == '<')) sb.Append(' ');
            sb.Append(t);
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public string TokenText(int id) => id >= 0 && id < _vocab.Length ? _vocab[id] : "<unk>";
}

/// <summary>A SentencePiece tokenizer.model (Llama, Mistral, Gemma families) through Microsoft.ML.Tokenizers.</summary>
public sealed class SentencePieceTextTokenizer : ITextTokenizer
{
    private readonly Tokenizer _tokenizer;

    /// <summary>Loads a tokenizer.model; a start-of-sentence token is added, as those models are trained with one.</summary>
    public SentencePieceTextTokenizer(string path)
    {
        using var stream = File.OpenRead(path);
        _tokenizer = LlamaTokenizer.Create(stream, addBeginOfSentence: true, addEndOfSentence: false);
    }

    /// <inheritdoc />
    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text);

    /// <inheritdoc />
    public string Decode(IReadOnlyList<int> ids) => _tokenizer.Decode(ids) ?? "";

    /// <inheritdoc />
    public string TokenText(int id) => _tokenizer.Decode([id]) ?? "";
}

/// <summary>
/// A byte-level BPE tokenizer from a Hugging Face <c>vocab.json</c> + <c>merges.txt</c> pair (GPT-2, distilgpt2, and
/// the vocab/merges files that Qwen2, SmolLM and Phi exports also ship), through Microsoft.ML.Tokenizers'
/// <see cref="BpeTokenizer"/>. Text is split with GPT-2's pre-tokenizer pattern, then every UTF-8 byte is mapped to
/// GPT-2's printable stand-in (a space is "Ġ"), so " kitchen" is one token and decodes back to " kitchen".
/// </summary>
public sealed class ByteLevelBpeTextTokenizer : ITextTokenizer
{
    // GPT-2's pre-tokenizer (the pattern in its tokenizer.json and in tiktoken's gpt2/r50k_base). Models trained with
    // another split (Qwen2 and SmolLM keep digits apart) tokenize a few strings differently under it; letters, single
    // spaces and punctuation, which is what a bAbI prompt is made of, split the same.
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly BpeTokenizer _tokenizer;
    private readonly HashSet<int> _ids;

    private ByteLevelBpeTextTokenizer(BpeTokenizer tokenizer, IReadOnlyDictionary<string, int> vocabulary)
    {
        _tokenizer = tokenizer;
        Vocabulary = vocabulary;
        _ids = [.. vocabulary.Values];
    }

    /// <summary>Token string (in GPT-2's byte-to-character form) to id, as vocab.json gives it.</summary>
    public IReadOnlyDictionary<string, int> Vocabulary { get; }

    /// <summary>
    /// Reads <paramref name="vocabPath"/> (a JSON object of token to id) and <paramref name="mergesPath"/> (one merge
    /// "a b" a line, highest priority first; a "#version" first line is skipped).
    /// </summary>
    /// <exception cref="ArgumentException">Either file is malformed, or a merge names a token the vocabulary lacks.</exception>
    public static ByteLevelBpeTextTokenizer Load(string vocabPath, string mergesPath)
    {
        ArgumentNullException.ThrowIfNull(vocabPath);
        ArgumentNullException.ThrowIfNull(mergesPath);
        var vocabulary = ReadVocabulary(vocabPath);
        var merges = ReadMerges(mergesPath, vocabulary);
        // Tokens such as <|endoftext|> are matched whole, before the byte mapping, as GPT-2's tokenizer does; an
        // ordinary token never looks like one.
        var special = vocabulary.Where(kv => kv.Key.Length > 4 && kv.Key.StartsWith("<|", StringComparison.Ordinal) && kv.Key.EndsWith("|>", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var options = new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            SpecialTokens = special.Count > 0 ? special : null,
            PreTokenizer = new RegexPreTokenizer(new Regex(Gpt2Pattern, RegexOptions.CultureInvariant), special.Count > 0 ? special : null),
        };
        BpeTokenizer tokenizer;
        // The library's own checks are the last line of defence; its messages do not name the file.
        try { tokenizer = BpeTokenizer.Create(options); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"{vocabPath} and {mergesPath} do not form a byte-level BPE tokenizer: {e.Message}", e);
        }
        return new ByteLevelBpeTextTokenizer(tokenizer, vocabulary);
    }

    private static Dictionary<string, int> ReadVocabulary(string path)
    {
        Dictionary<string, int>? vocabulary;
        try { vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path, Encoding.UTF8)); }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path}: not a BPE vocabulary ({e.Message}); vocab.json must be a JSON object mapping each token to its integer id, as Hugging Face exports write it.", e);
        }
        if (vocabulary is null || vocabulary.Count == 0)
            throw new ArgumentException($"{path}: the vocabulary is empty; vocab.json must be a JSON object mapping each token to its integer id.");
        if (vocabulary.FirstOrDefault(kv => kv.Value < 0) is { Key: not null } negative)
            throw new ArgumentException($"{path}: token '{negative.Key}' has the negative id {negative.Value}.");
        return vocabulary;
    }

    private static List<string> ReadMerges(string path, Dictionary<string, int> vocabulary)
    {
        var merges = new List<string>();
        int number = 0;
        foreach (string line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0 || (number == 1 && line.StartsWith("#version", StringComparison.Ordinal))) continue;
            string[] parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new ArgumentException($"{path}:{number}: a merge is two tokens separated by one space, not '{line}'.");
            // A merge whose parts or result are not tokens could never fire or would emit an id-less token: the two
            // files are from different tokenizers, which would tokenize silently wrong.
            foreach (string token in new[] { parts[0], parts[1], parts[0] + parts[1] })
                if (!vocabulary.ContainsKey(token))
                    throw new ArgumentException($"{path}:{number}: the merge '{line}' needs the token '{token}', which the vocabulary (vocab.json) lacks; vocab.json and merges.txt must come from the same tokenizer.");
            merges.Add(line);
        }
        return merges;
    }

    /// <summary>Id of a token in its vocab.json form (e.g. "&lt;|endoftext|&gt;"), or null.</summary>
    public int? IdOf(string token) => Vocabulary.TryGetValue(token, out int id) ? id : null;

    /// <inheritdoc />
    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text);

    /// <inheritdoc />
    public string Decode(IReadOnlyList<int> ids) => _tokenizer.Decode(ids.Where(Known)) ?? "";

    /// <inheritdoc />
    // An export's logits can be wider than its vocabulary (padded to a multiple of 64); those ids have no text.
    public string TokenText(int id) => Known(id) ? _tokenizer.Decode([id]) ?? "" : "";

    private bool Known(int id) => _ids.Contains(id);
}
