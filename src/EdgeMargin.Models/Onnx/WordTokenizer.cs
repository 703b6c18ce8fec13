using System.Text;
using System.Text.RegularExpressions;

namespace EdgeMargin.Models.Onnx;

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
