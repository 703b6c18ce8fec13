using System.Text;

namespace EdgeMargin.Models.Tests;

/// <summary>
/// Writes the smallest honest causal LM as an ONNX file, protobuf encoded by hand (no model can be downloaded here):
/// a bigram model, logits[b, t, :] = W[input_ids[b, t], :] * attention_mask[b, t], so the next-token distribution
/// depends on the last token only and is known exactly from W. Optionally the graph also declares position_ids and
/// one past_key_values pair (consumed by a no-op so they are real inputs), like Hugging Face exports.
/// </summary>
internal static class TinyOnnxLm
{
    public static void Write(string directory, IReadOnlyList<string> vocabulary, float[,] weights, bool withPastAndPositions = false)
    {
        int v = vocabulary.Count;
        if (weights.GetLength(0) != v || weights.GetLength(1) != v) throw new ArgumentException("weights must be V x V");
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, "vocab.txt"), vocabulary);
        var raw = new byte[v * v * 4];
        Buffer.BlockCopy(weights, 0, raw, 0, raw.Length);

        var graph = new Proto();
        graph.Message(1, Node(["W", "input_ids"], ["emb"], "Gather"));
        graph.Message(1, Node(["attention_mask"], ["mask_f"], "Cast", new Proto().String(1, "to").Int(3, 1).Int(20, 2)));
        graph.Message(1, Node(["mask_f", "axes"], ["mask_3d"], "Unsqueeze"));
        string logitsFrom = "emb";
        if (withPastAndPositions)
        {
            // position_ids and the past pair enter through Shape, whose result is multiplied by zero and added: the
            // graph must read them, yet the logits stay exactly W[token].
            graph.Message(1, Node(["position_ids"], ["pos_f"], "Cast", new Proto().String(1, "to").Int(3, 1).Int(20, 2)));
            graph.Message(1, Node(["pos_f", "zero"], ["pos_zero"], "Mul"));
            graph.Message(1, Node(["pos_zero", "axes"], ["pos_3d"], "Unsqueeze"));
            graph.Message(1, Node(["past_key_values.0.key"], ["pk_sum"], "ReduceSum", new Proto().String(1, "keepdims").Int(3, 0).Int(20, 2)));
            graph.Message(1, Node(["past_key_values.0.value"], ["pv_sum"], "ReduceSum", new Proto().String(1, "keepdims").Int(3, 0).Int(20, 2)));
            graph.Message(1, Node(["emb", "pos_3d"], ["emb_p"], "Add"));
            graph.Message(1, Node(["emb_p", "pk_sum"], ["emb_k"], "Add"));
            graph.Message(1, Node(["emb_k", "pv_sum"], ["emb_kv"], "Add"));
            logitsFrom = "emb_kv";
        }
        graph.Message(1, Node([logitsFrom, "mask_3d"], ["logits"], "Mul"));
        graph.String(2, "bigram");
        graph.Message(5, Tensor("W", 1, [v, v], raw));
        graph.Message(5, Tensor("axes", 7, [1], BitConverter.GetBytes(2L)));
        if (withPastAndPositions) graph.Message(5, Tensor("zero", 1, [], BitConverter.GetBytes(0f)));
        graph.Message(11, ValueInfo("input_ids", 7, [null, null], ["batch", "sequence"]));
        graph.Message(11, ValueInfo("attention_mask", 7, [null, null], ["batch", "sequence"]));
        if (withPastAndPositions)
        {
            graph.Message(11, ValueInfo("position_ids", 7, [null, null], ["batch", "sequence"]));
            graph.Message(11, ValueInfo("past_key_values.0.key", 1, [null, 2, null, 4], ["batch", null, "past", null]));
            graph.Message(11, ValueInfo("past_key_values.0.value", 1, [null, 2, null, 4], ["batch", null, "past", null]));
        }
        graph.Message(12, ValueInfo("logits", 1, [null, null, v], ["batch", "sequence", null]));

        var model = new Proto().Int(1, 8).String(2, "edgemargin-tests").Message(7, graph).Message(8, new Proto().String(1, "").Int(2, 17));
        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), model.ToArray());
    }

    private static Proto Node(string[] inputs, string[] outputs, string op, Proto? attribute = null)
    {
        var n = new Proto();
        foreach (string i in inputs) n.String(1, i);
        foreach (string o in outputs) n.String(2, o);
        n.String(3, op + "_" + outputs[0]).String(4, op);
        if (attribute is not null) n.Message(5, attribute);
        return n;
    }

    private static Proto Tensor(string name, int type, long[] dims, byte[] raw)
    {
        var t = new Proto();
        foreach (long d in dims) t.Int(1, d);
        return t.Int(2, type).String(8, name).Bytes(9, raw);
    }

    private static Proto ValueInfo(string name, int type, long?[] dims, string?[] names)
    {
        var shape = new Proto();
        for (int i = 0; i < dims.Length; i++)
            shape.Message(1, dims[i] is long d ? new Proto().Int(1, d) : new Proto().String(2, names[i] ?? $"d{i}"));
        var tensor = new Proto().Int(1, type).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensor));
    }

    /// <summary>A protobuf message under construction: varint and length-delimited fields are all ONNX needs.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public Proto Int(int field, long value)
        {
            Varint((ulong)(field << 3));
            Varint((ulong)value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto value) => Bytes(field, value.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            Varint((ulong)((field << 3) | 2));
            Varint((ulong)value.Length);
            _bytes.Write(value);
            return this;
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Varint(ulong v)
        {
            while (v >= 0x80) { _bytes.WriteByte((byte)(v | 0x80)); v >>= 7; }
            _bytes.WriteByte((byte)v);
        }
    }
}
