using System.Text;

namespace EdgeMargin.Models.Tests;

/// <summary>
/// Writes a real GGUF file (format version 3, float32 tensors) holding a one-block Llama whose next-token logits are a
/// chosen bigram table, so llama.cpp itself computes what the tests can predict exactly (no model can be downloaded
/// here). Token embeddings are one-hot and every weight inside the block is zero, so the block adds nothing to the
/// residual stream and the logits after token t are output · rmsnorm(e_t) = W[t, :] by construction of the output matrix.
/// The vocabulary is SentencePiece-style ("llama" tokenizer): &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, the 256 byte tokens (so
/// any text tokenizes), then the given pieces with every prefix of each "▁word" (so SentencePiece merges can build it).
/// </summary>
internal sealed class TinyGguf
{
    private const float RmsEpsilon = 1e-5f;
    private readonly List<string> _tokens = ["<unk>", "<s>", "</s>"];
    private readonly List<int> _types = [2, 3, 3];
    private readonly Dictionary<(int From, int To), float> _logits = [];

    public TinyGguf(IEnumerable<string> pieces)
    {
        for (int b = 0; b < 256; b++)
        {
            _tokens.Add($"<0x{b:X2}>");
            _types.Add(6);
        }
        foreach (string piece in pieces)
        {
            // "▁kitchen" needs "▁k", "▁ki", ... so that SentencePiece's pairwise merges reach it.
            int from = piece.StartsWith('▁') ? 2 : piece.Length;
            for (int n = from; n <= piece.Length; n++)
            {
                string prefix = piece[..n];
                if (_tokens.Contains(prefix)) continue;
                _tokens.Add(prefix);
                _types.Add(1);
            }
        }
    }

    public const int Unknown = 0, Start = 1, End = 2;

    public int VocabularySize => _tokens.Count;

    /// <summary>Width of the residual stream: at least the vocabulary (one-hot embeddings), a multiple of 8 for the heads.</summary>
    public int Embedding => (VocabularySize + 7) / 8 * 8;

    /// <summary>The context length the file declares (llama.cpp's n_ctx_train).</summary>
    public int ContextLength { get; set; } = 256;

    public int Id(string token) => _tokens.IndexOf(token) is int i and >= 0 ? i : throw new ArgumentException($"no token '{token}'");

    /// <summary>Sets the logit of <paramref name="to"/> after <paramref name="from"/> (all others are 0).</summary>
    public TinyGguf Logit(string from, string to, float value)
    {
        _logits[(Id(from), Id(to))] = value;
        return this;
    }

    /// <summary>The exact next-token distribution after <paramref name="from"/>, in double precision.</summary>
    public double[] Softmax(string from)
    {
        int t = Id(from);
        var e = Enumerable.Range(0, VocabularySize).Select(v => Math.Exp(_logits.GetValueOrDefault((t, v)))).ToArray();
        double s = e.Sum();
        return e.Select(x => x / s).ToArray();
    }

    public void Save(string path)
    {
        int v = VocabularySize, d = Embedding, ff = 32;
        var embedding = new float[v * d];
        for (int t = 0; t < v; t++) embedding[t * d + t] = 1;
        // rmsnorm(e_t) has sqrt(1 / (1/d + eps)) at position t and 0 elsewhere; dividing by it gives logits W[t, :].
        float scale = (float)Math.Sqrt(1.0 / d + RmsEpsilon);
        var output = new float[v * d];
        foreach (var ((from, to), value) in _logits) output[to * d + from] = value * scale;
        var ones = Enumerable.Repeat(1f, d).ToArray();

        var file = new GgufFile()
            .String("general.architecture", "llama")
            .String("general.name", "edgemargin-tiny-bigram")
            .UInt32("llama.context_length", (uint)ContextLength)
            .UInt32("llama.embedding_length", (uint)d)
            .UInt32("llama.block_count", 1)
            .UInt32("llama.feed_forward_length", (uint)ff)
            .UInt32("llama.attention.head_count", 4)
            .UInt32("llama.attention.head_count_kv", 4)
            .UInt32("llama.rope.dimension_count", (uint)(d / 4))
            .Float32("llama.attention.layer_norm_rms_epsilon", RmsEpsilon)
            .String("tokenizer.ggml.model", "llama")
            .Strings("tokenizer.ggml.tokens", _tokens)
            .Float32s("tokenizer.ggml.scores", _tokens.Select(_ => 0f).ToArray())
            .Int32s("tokenizer.ggml.token_type", _types)
            .UInt32("tokenizer.ggml.bos_token_id", Start)
            .UInt32("tokenizer.ggml.eos_token_id", End)
            .UInt32("tokenizer.ggml.unknown_token_id", Unknown)
            .Tensor("token_embd.weight", embedding, d, v)
            .Tensor("output_norm.weight", ones, d)
            .Tensor("output.weight", output, d, v)
            .Tensor("blk.0.attn_norm.weight", ones, d)
            .Tensor("blk.0.ffn_norm.weight", ones, d);
        foreach (string name in new[] { "attn_q", "attn_k", "attn_v", "attn_output" }) file.Tensor($"blk.0.{name}.weight", new float[d * d], d, d);
        file.Tensor("blk.0.ffn_gate.weight", new float[d * ff], d, ff)
            .Tensor("blk.0.ffn_up.weight", new float[d * ff], d, ff)
            .Tensor("blk.0.ffn_down.weight", new float[ff * d], ff, d)
            .Save(path);
    }
}

/// <summary>GGUF version 3, written by hand: header, metadata, tensor table, 32-byte aligned float32 data.</summary>
internal sealed class GgufFile
{
    private const int Alignment = 32;
    private readonly List<(string Key, uint Type, Action<BinaryWriter> Value)> _metadata = [];
    private readonly List<(string Name, long[] Shape, float[] Data)> _tensors = [];

    public GgufFile UInt32(string key, uint value) => Add(key, 4, w => w.Write(value));
    public GgufFile Float32(string key, float value) => Add(key, 6, w => w.Write(value));
    public GgufFile String(string key, string value) => Add(key, 8, w => Text(w, value));
    public GgufFile Strings(string key, IReadOnlyList<string> values) => Add(key, 9, w => Array(w, 8, values, Text));
    public GgufFile Float32s(string key, IReadOnlyList<float> values) => Add(key, 9, w => Array(w, 6, values, (x, f) => x.Write(f)));
    public GgufFile Int32s(string key, IReadOnlyList<int> values) => Add(key, 9, w => Array(w, 5, values, (x, i) => x.Write(i)));

    /// <summary>A float32 tensor; <paramref name="shape"/> is innermost first, as ggml counts dimensions.</summary>
    public GgufFile Tensor(string name, float[] data, params long[] shape)
    {
        _tensors.Add((name, shape, data));
        return this;
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, type, value) in _metadata)
        {
            Text(w, key);
            w.Write(type);
            value(w);
        }
        ulong offset = 0;
        foreach (var (name, shape, data) in _tensors)
        {
            Text(w, name);
            w.Write((uint)shape.Length);
            foreach (long n in shape) w.Write((ulong)n);
            w.Write(0u);
            w.Write(offset);
            // Each tensor's data starts on an aligned offset from the start of the data section.
            offset += ((ulong)data.Length * 4 + Alignment - 1) / Alignment * Alignment;
        }
        Pad(w);
        foreach (var (_, _, data) in _tensors)
        {
            foreach (float f in data) w.Write(f);
            Pad(w);
        }
    }

    private GgufFile Add(string key, uint type, Action<BinaryWriter> value)
    {
        _metadata.Add((key, type, value));
        return this;
    }

    private static void Text(BinaryWriter w, string s)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void Array<T>(BinaryWriter w, uint type, IReadOnlyList<T> values, Action<BinaryWriter, T> write)
    {
        w.Write(type);
        w.Write((ulong)values.Count);
        foreach (var v in values) write(w, v);
    }

    private static void Pad(BinaryWriter w)
    {
        w.Flush();
        while (w.BaseStream.Position % Alignment != 0) w.Write((byte)0);
    }
}
