
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
