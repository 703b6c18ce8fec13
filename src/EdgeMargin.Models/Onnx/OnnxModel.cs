using System.Diagnostics;
using System.Text.Json;
using EdgeMargin.Models.Backends;
using EdgeMargin.Uncertainty;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeMargin.Models.Onnx;

/// <summary>
/// In-process causal language model in ONNX: takes input_ids (and, when the graph has them, attention_mask,
/// position_ids and past_key_values inputs) and gives logits [batch, sequence, vocabulary]. Decoding is greedy; the
/// candidates are the softmax top-k of the logits at the first answer position. Past key/value inputs are fed empty
/// and the whole sequence is re-run each step: slower than a KV cache, but correct for any export, and answers here
/// are a handful of tokens.
/// </summary>
public sealed class OnnxModel : ILanguageModel
{
    private readonly InferenceSession _session;
    private readonly ITextTokenizer _tokenizer;
    private readonly int _topK;
    private readonly IReadOnlySet<int> _stopIds;
    private readonly string _logitsName;
    // One native handle for every run: a new RunOptions per inference step was never disposed.
    private readonly RunOptions _runOptions = new();

    /// <summary>Wraps a loaded session; <paramref name="stopIds"/> end generation (end-of-sequence tokens).</summary>
    public OnnxModel(InferenceSession session, ITextTokenizer tokenizer, int topK, IReadOnlySet<int> stopIds, string id)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 2);
        _session = session;
        _tokenizer = tokenizer;
        _topK = topK;
        _stopIds = stopIds;
        Id = id;
        if (!session.InputMetadata.ContainsKey("input_ids"))
            throw new ModelException($"{id}: the ONNX graph has no 'input_ids' input (it has {string.Join(", ", session.InputMetadata.Keys)}); export a causal LM with input_ids/attention_mask.");
        _logitsName = session.OutputMetadata.ContainsKey("logits") ? "logits" : session.OutputMetadata.Keys.First();
        foreach (var (name, meta) in session.InputMetadata)
            if (name is not ("input_ids" or "attention_mask" or "position_ids") && !IsPast(name))
                throw new ModelException($"{id}: the ONNX graph needs an input '{name}' this backend cannot fill (it fills input_ids, attention_mask, position_ids and past_key_values.*).");
            else if (IsPast(name) && meta.ElementDataType != TensorElementType.Float)
                throw new ModelException($"{id}: past input '{name}' is {meta.ElementDataType}; only float32 exports are supported.");
    }

    /// <summary>
    /// Loads <paramref name="path"/>: a directory with model.onnx and a tokenizer, or the .onnx file itself with the
    /// tokenizer beside it. The first tokenizer found is used: vocab.txt (word level), tokenizer.model (SentencePiece),
    /// vocab.json + merges.txt (byte-level BPE), tokenizer.json (byte-level BPE). End-of-sequence ids come from
    /// config.json's eos_token_id when present, and from an "&lt;eos&gt;" or "&lt;/s&gt;" (vocab.txt) or
    /// "&lt;|endoftext|&gt;" (BPE) entry.
    /// </summary>
    /// <exception cref="ArgumentException">Nothing usable at <paramref name="path"/>.</exception>
    public static OnnxModel Load(string path, int topK)
    {
        ArgumentNullException.ThrowIfNull(path);
        string dir = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string file = Directory.Exists(path) ? Path.Combine(path, "model.onnx") : path;
        if (!File.Exists(file))
            throw new ArgumentException($"model spec 'onnx:{path}': no ONNX model at '{file}'. Give a directory holding model.onnx and its tokenizer, or the .onnx file.");
        ITextTokenizer tokenizer;
        var stops = new HashSet<int>();
        if (File.Exists(Path.Combine(dir, "vocab.txt")))
        {
            var words = WordTokenizer.Load(Path.Combine(dir, "vocab.txt"));
            foreach (string eos in new[] { "<eos>", "</s>" }) if (words.IdOf(eos) is int e) stops.Add(e);
            tokenizer = words;
        }
        else if (File.Exists(Path.Combine(dir, "tokenizer.model")))
            tokenizer = new SentencePieceTextTokenizer(Path.Combine(dir, "tokenizer.model"));
        else if (File.Exists(Path.Combine(dir, "vocab.json")) || File.Exists(Path.Combine(dir, "merges.txt")))
        {
            string vocabJson = Path.Combine(dir, "vocab.json"), merges = Path.Combine(dir, "merges.txt");
            // One file without the other is a half-copied export; guessing the missing half would tokenize wrongly.
            if (!File.Exists(vocabJson) || !File.Exists(merges))
                throw new ArgumentException($"model spec 'onnx:{path}': '{(File.Exists(vocabJson) ? vocabJson : merges)}' is there but '{(File.Exists(vocabJson) ? merges : vocabJson)}' is missing; a byte-level BPE tokenizer needs both vocab.json and merges.txt from the same export.");
            ByteLevelBpeTextTokenizer bpe;
            try { bpe = ByteLevelBpeTextTokenizer.Load(vocabJson, merges); }
            catch (ArgumentException e) { throw new ArgumentException($"model spec 'onnx:{path}': {e.Message}", e); }
            // GPT-2 family exports end text with <|endoftext|>; config.json's eos_token_id, read below, names any other.
            if (bpe.IdOf("<|endoftext|>") is int end) stops.Add(end);
            tokenizer = bpe;
        }
        else if (File.Exists(Path.Combine(dir, "tokenizer.json")))
        {
            ByteLevelBpeTextTokenizer bpe;
            try { bpe = ByteLevelBpeTextTokenizer.LoadTokenizerJson(Path.Combine(dir, "tokenizer.json")); }
            catch (ArgumentException e) { throw new ArgumentException($"model spec 'onnx:{path}': {e.Message}", e); }
            if (bpe.IdOf("<|endoftext|>") is int end) stops.Add(end);
            tokenizer = bpe;
        }
        else
            throw new ArgumentException($"model spec 'onnx:{path}': no tokenizer in '{dir}'. Put one beside the model; the first found is used: vocab.txt (word-level, one token a line), tokenizer.model (SentencePiece), vocab.json + merges.txt (byte-level BPE: GPT-2, Qwen2, SmolLM, Phi exports), or tokenizer.json (byte-level BPE only, e.g. Llama 3).");
        string config = Path.Combine(dir, "config.json");
        if (File.Exists(config))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(config));
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("eos_token_id", out var eos))
                {
                    if (eos.ValueKind == JsonValueKind.Number) stops.Add(eos.GetInt32());
                    else if (eos.ValueKind == JsonValueKind.Array) foreach (var e in eos.EnumerateArray()) stops.Add(e.GetInt32());
                    // null means "none"; a string or an object is a mistake worth stopping for.
                    else if (eos.ValueKind != JsonValueKind.Null) throw new FormatException($"eos_token_id is a {eos.ValueKind.ToString().ToLowerInvariant()}");
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new ArgumentException($"model spec 'onnx:{path}': cannot read the end-of-text token from '{config}' ({e.Message}). eos_token_id must be an integer or a list of integers; fix the file or remove it.", e);
            }
        }
        InferenceSession session;
        try { session = new InferenceSession(file); }
        catch (OnnxRuntimeException e) { throw new ArgumentException($"model spec 'onnx:{path}': ONNX Runtime cannot load '{file}': {e.Message}", e); }
        var model = new OnnxModel(session, tokenizer, topK, stops, $"onnx:{Path.GetFullPath(path)}");
        // The first run pays for ONNX Runtime's lazy initialisation; doing it here keeps it out of the first query's
        // measured time, which the simulator uses as t_local.
        try { model.NextTokenProbabilities([0L]); }
        catch (Exception e)
        {
            model.Dispose();
            if (e is OnnxRuntimeException)
                throw new ArgumentException($"model spec 'onnx:{path}': ONNX Runtime cannot run '{file}' ({e.Message}); the backend needs a causal LM with input_ids in and float32 logits out.", e);
            throw;
        }
        return model;
    }

    /// <inheritdoc />
    public string Id { get; }

    private static bool IsPast(string name) => name.StartsWith("past_key_values", StringComparison.Ordinal) || name.StartsWith("past.", StringComparison.Ordinal);

    /// <inheritdoc />
    public Task<ModelAnswer> AnswerAsync(string prompt, int maxTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        // Inference is CPU-bound and synchronous; a pool thread keeps the caller's loop (and progress bar) responsive.
        return Task.Run(() => Answer(prompt, maxTokens, ct), ct);
    }

    private ModelAnswer Answer(string prompt, int maxTokens, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp();
        var ids = _tokenizer.Encode(prompt).Select(i => (long)i).ToList();
        if (ids.Count == 0) throw new ModelException($"{Id}: the prompt encodes to no tokens.");
        int promptTokens = ids.Count;
        ct.ThrowIfCancellationRequested();
        double[] first = NextTokenProbabilities(ids);
        var top = Logits.TopK(first, _topK, _tokenizer.TokenText);
        // No cache here: each token re-runs the model on the whole sequence.
        var (generated, logProbs) = Logits.Greedy(first, maxTokens, _stopIds.Contains, next =>
        {
            ids.Add(next);
            return NextTokenProbabilities(ids);
        }, ct);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new ModelAnswer(_tokenizer.Decode(generated), top, promptTokens, generated.Count, logProbs, seconds);
    }

    /// <summary>Softmax of the logits at the last position of <paramref name="ids"/>, in double precision.</summary>
    internal double[] NextTokenProbabilities(IReadOnlyList<long> ids)
    {
        int n = ids.Count;
        var inputs = new Dictionary<string, OrtValue>();
        try
        {
            foreach (var (name, meta) in _session.InputMetadata)
            {
                if (name == "input_ids") inputs[name] = Integers(meta, ids);
                else if (name == "attention_mask") inputs[name] = Integers(meta, Enumerable.Repeat(1L, n).ToArray());
                else if (name == "position_ids") inputs[name] = Integers(meta, Enumerable.Range(0, n).Select(i => (long)i).ToArray());
                else
                {
                    // Empty past: batch 1, past length 0, the fixed dimensions (heads, head size) as the graph declares them.
                    long[] shape = meta.Dimensions.Select((d, i) => d > 0 ? d : i == 0 ? 1L : 0L).ToArray();
                    inputs[name] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
                }
            }
            using var outputs = _session.Run(_runOptions, inputs, [_logitsName]);
            var logits = outputs[0];
            var info = logits.GetTensorTypeAndShape();
            if (info.ElementDataType != TensorElementType.Float)
                throw new ModelException($"{Id}: logits are {info.ElementDataType}; only float32 logits are supported.");
            long[] dims = info.Shape;
            var data = logits.GetTensorDataAsSpan<float>();
            int vocab = (int)dims[^1];
            // [batch, seq, vocab] gives every position; some exports give only the last ([batch, vocab]).
            int offset = dims.Length == 3 ? (int)((dims[1] - 1) * vocab) : 0;
            return Logits.Softmax(data.Slice(offset, vocab));
        }
        finally
        {
            foreach (var v in inputs.Values) v.Dispose();
        }
    }

    private static OrtValue Integers(NodeMetadata meta, IReadOnlyList<long> values)
    {
        long[] shape = [1, values.Count];
        return meta.ElementDataType == TensorElementType.Int32
            ? OrtValue.CreateTensorValueFromMemory(values.Select(v => (int)v).ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(values.ToArray(), shape);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
