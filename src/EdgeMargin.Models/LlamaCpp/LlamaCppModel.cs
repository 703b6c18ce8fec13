using System.Diagnostics;
using EdgeMargin.Models.Backends;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;

namespace EdgeMargin.Models.LlamaCpp;

/// <summary>
/// In-process GGUF model run by llama.cpp (LLamaSharp's CPU build): the format and runtime most on-device deployments
/// use. The prompt is tokenized by the model's own tokenizer (with its start token when the model asks for one) and
/// evaluated once; the answer is decoded greedily with llama.cpp's KV cache, one token per step, until an
/// end-of-generation token or the token limit. The candidates are the softmax (in double precision) top-k of the logits
/// at the first answer position.
/// </summary>
public sealed class LlamaCppModel : ILanguageModel
{
    /// <summary>Largest context used when the model allows more: the KV cache grows with it, and a prompt here is a short story.</summary>
    public const int MaxContextTokens = 4096;

    private static readonly byte[] Magic = "GGUF"u8.ToArray();

    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly LLamaBatch _batch = new();
    private readonly int _topK;
    // A context evaluates one sequence at a time; answers for concurrent callers queue here.
    private readonly SemaphoreSlim _gate = new(1, 1);

    private LlamaCppModel(LLamaWeights weights, LLamaContext context, int topK, string id)
    {
        _weights = weights;
        _context = context;
        _topK = topK;
        Id = id;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <summary>Tokens the context holds: the model's trained context, at most <see cref="MaxContextTokens"/>.</summary>
    public int ContextTokens => (int)_context.ContextSize;

    /// <summary>Loads the GGUF file at <paramref name="path"/> for CPU inference.</summary>
    /// <exception cref="ArgumentException">No file, not a GGUF file, or a file llama.cpp refuses; the message says which.</exception>
    /// <exception cref="ModelException">llama.cpp's native library cannot run on this machine.</exception>
    public static LlamaCppModel Load(string path, int topK)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 2);
        // A path is not a URL, but whatever looks like user:password@ stays out of messages all the same.
        string shown = ModelSpec.Redact(path);
        string spec = $"model spec 'gguf:{shown}'";
        if (Directory.Exists(path))
            throw new ArgumentException($"{spec}: '{shown}' is a directory; give the .gguf file itself.");
        if (!File.Exists(path))
            throw new ArgumentException($"{spec}: no file at '{shown}'. Give the path of a .gguf model file, such as the ones llama-server or Ollama run.");
        CheckMagic(path, spec, shown);

        LlamaCppLog.Install();
        LlamaCppLog.Clear();
        var parameters = new ModelParams(Path.GetFullPath(path)) { GpuLayerCount = 0 };
        LLamaWeights weights;
        try { weights = LLamaWeights.LoadFromFile(parameters); }
        catch (LoadWeightsFailedException)
        {
            throw new ArgumentException($"{spec}: llama.cpp cannot load the file{Because()}. Check that it is complete and that this llama.cpp build (LLamaSharp 0.30) knows the model's architecture.");
        }
        catch (Exception e) when (e is RuntimeError or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            // A type initializer's own message says only that it failed; the reason is inside.
            string reason = (e is TypeInitializationException { InnerException: { } inner } ? inner : e).Message;
            throw new ModelException($"{spec}: llama.cpp's native library cannot run here ({reason}). The CPU build ships for Linux, macOS and Windows on x64 and arm64.", e);
        }

        LLamaContext context;
        try
        {
            uint size = (uint)Math.Clamp(weights.ContextSize, 1, MaxContextTokens);
            // One batch takes a whole prompt, so a prompt is a single decode call.
            context = weights.CreateContext(parameters with { ContextSize = size, BatchSize = size });
        }
        catch (RuntimeError e)
        {
            weights.Dispose();
            throw new ArgumentException($"{spec}: llama.cpp cannot make a context for the model{Because(e.Message)}.", e);
        }
        var model = new LlamaCppModel(weights, context, topK, $"gguf:{ModelSpec.Redact(Path.GetFullPath(path))}");
        try
        {
            // The first evaluation allocates llama.cpp's compute buffers; doing it here keeps that out of the first
            // query's measured time, which the simulator uses as t_local.
            model.Evaluate([weights.Vocab.BOS ?? 0], 0);
            model._context.NativeHandle.MemoryClear(true);
        }
        catch (ModelException)
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <inheritdoc />
    public async Task<ModelAnswer> AnswerAsync(string prompt, int maxTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Inference is CPU-bound and synchronous; a pool thread keeps the caller's loop (and progress bar) responsive.
            return await Task.Run(() => Answer(prompt, maxTokens, ct), ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private ModelAnswer Answer(string prompt, int maxTokens, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp();
        LLamaToken[] promptTokens = _context.Tokenize(prompt, addBos: true, special: false);
        if (promptTokens.Length == 0) throw new ModelException($"{Id}: the prompt encodes to no tokens.");
        if (promptTokens.Length + maxTokens > ContextTokens)
            throw new ModelException($"{Id}: the prompt is {promptTokens.Length} tokens and up to {maxTokens} more may follow, beyond the {ContextTokens} tokens of context used here. Shorten the prompt or lower --max-tokens.");
        // Each answer starts from an empty cache: nothing of the previous prompt may leak into this one.
        _context.NativeHandle.MemoryClear(true);
        double[] probabilities = Evaluate(promptTokens, 0);
        // Special tokens keep their names ("</s>"), as servers list them among the candidates.
        var top = Logits.TopK(probabilities, _topK, i => _weights.Vocab.LLamaTokenToString(i, isSpecialToken: true) ?? "");
        // On the KV cache: each token taken is evaluated alone, at the position after the last.
        int position = promptTokens.Length;
        var (generated, logProbs) = Logits.Greedy(probabilities, maxTokens, t => ((LLamaToken)t).IsEndOfGeneration(_weights.Vocab),
            next => Evaluate([next], position++), ct);
        var decoder = new StreamingTokenDecoder(_context);
        decoder.AddRange(generated.Select(t => (LLamaToken)t));
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new ModelAnswer(decoder.Read(), top, promptTokens.Length, generated.Count, logProbs, seconds);
    }

    /// <summary>Appends <paramref name="tokens"/> at <paramref name="position"/> to the cached sequence and returns the
    /// softmax, in double precision, of the logits after the last of them.</summary>
    private double[] Evaluate(ReadOnlySpan<LLamaToken> tokens, int position)
    {
        _batch.Clear();
        _batch.AddRange(tokens, position, LLamaSeqId.Zero, true);
        var result = _context.Decode(_batch);
        if (result != DecodeResult.Ok)
            throw new ModelException($"{Id}: llama.cpp could not evaluate {tokens.Length} token(s) at position {position} ({result}){Because()}.");
        return Logits.Softmax(_context.NativeHandle.GetLogitsIth(_batch.TokenCount - 1));
    }

    private static void CheckMagic(string path, string spec, string shown)
    {
        Span<byte> head = stackalloc byte[4];
        int read;
        using (var file = File.OpenRead(path)) read = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (read < 4 || !head.SequenceEqual(Magic))
            throw new ArgumentException($"{spec}: '{shown}' is not a GGUF file (it does not start with 'GGUF'). Convert the model with llama.cpp's convert_hf_to_gguf.py, or use onnx:DIR for an ONNX export.");
    }

    private static string Because(string? detail = null)
    {
        string said = LlamaCppLog.Describe();
        string text = string.Join("; ", new[] { detail, said }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return text.Length == 0 ? "" : $" (llama.cpp: {text})";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
        _gate.Dispose();
    }
}
