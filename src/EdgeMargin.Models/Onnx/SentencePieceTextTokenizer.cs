using Microsoft.ML.Tokenizers;

namespace EdgeMargin.Models.Onnx;

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
