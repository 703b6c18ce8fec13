using EdgeMargin.Models.Backends;

namespace EdgeMargin.Models.Onnx;

/// <summary>In-process ONNX causal language model (placeholder until the backend lands).</summary>
public static class OnnxModel
{
    /// <summary>Loads a model directory.</summary>
    public static ILanguageModel Load(string path, int topK) =>
        throw new ArgumentException($"model spec 'onnx:{path}': the ONNX backend is not built yet (top-k {topK}).");
}
