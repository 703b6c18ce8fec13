using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Models.Traces;

/// <summary>Reads and formats JSONL trace files: one <see cref="TraceRecord"/> per line, UTF-8, '\n' after every line.</summary>
public static class TraceFile
{
    /// <summary>K of the reference merge procedure applied when a trace becomes simulator queries.</summary>
    public const int MergedK = 10;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Prompts are mostly plain text: keep them readable in the file. Control characters and quotes are still escaped,
        // so a record can never span two lines.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads and validates every record. Blank lines are skipped.</summary>
    /// <exception cref="TraceFormatException">Missing file, no records, or a bad line (message names file:line and field).</exception>
    public static IReadOnlyList<TraceRecord> Read(string path) => ReadNumbered(path).Select(r => r.Record).ToList();

    /// <summary>
    /// Reads a trace as simulator queries, in file order: the reference merge procedure (K = 10) is applied to each line's
    /// raw candidates, the payload is the prompt's UTF-8 size, and times and correctness come from the line.
    /// </summary>
    /// <exception cref="TraceFormatException">As <see cref="Read"/>, or candidates that do not form a distribution.</exception>
    public static IReadOnlyList<QueryProfile> ReadProfiles(string path) =>
        ReadNumbered(path).Select(r => ToProfile(r.Record, $"{path}:{r.Line}")).ToList();

    /// <summary>Every record with its line number (blank lines count), read in one pass so the numbers match the file.</summary>
    private static List<(TraceRecord Record, int Line)> ReadNumbered(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new TraceFormatException($"trace file '{path}' does not exist. Write one with 'edgemargin profile'.");
        var list = new List<(TraceRecord, int)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNo = 0;
        using var reader = new StreamReader(path, Encoding.UTF8);
        string? line = reader.ReadLine();
        while (line is not null)
        {
            lineNo++;
            string? next = reader.ReadLine();
            if (line.Trim().Length == 0)
            {
                line = next;
                continue;
            }
            TraceRecord record;
            try { record = ParseLine(line, $"{path}:{lineNo}"); }
            catch (TraceFormatException e) when (next is null && !EndsWithNewline(path))
            {
                // The one way a half-written line reaches a reader: the file is read while profile appends to it, or after
                // profile was killed mid-write.
                throw new TraceFormatException($"{e.Message} The last line is incomplete (no newline): a 'profile' run is writing this trace or was killed while writing it; wait for it to finish, or re-run the same profile command to repair and complete the trace.", e);
            }
            if (!seen.TryAdd(record.Id, lineNo))
                throw new TraceFormatException($"{path}:{lineNo}: id '{record.Id}' already appears on line {seen[record.Id]}; every query must appear once.");
            list.Add((record, lineNo));
            line = next;
        }
        if (list.Count == 0) throw new TraceFormatException($"trace file '{path}' has no records.");
        return list;
    }

    private static bool EndsWithNewline(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length == 0) return true;
        stream.Position = stream.Length - 1;
        return stream.ReadByte() == '\n';
    }

    /// <summary>Converts a record into what the simulator consumes; <paramref name="where"/> ("file:line") names it in errors.</summary>
    public static QueryProfile ToProfile(TraceRecord record, string where)
    {
        ArgumentNullException.ThrowIfNull(record);
        TopKDistribution dist;
        try { dist = TopKDistribution.FromTokens(record.TopK, MergedK); }
        catch (InvalidDistributionException e) { throw new TraceFormatException($"{where}: field 'top_k': {e.Message}", e); }
        return new QueryProfile
        {
            Id = record.Id,
            NextToken = dist,
            AnswerTokenLogProbs = record.SlmAnswerLogProbs,
            PayloadBytes = Encoding.UTF8.GetByteCount(record.Prompt),
            SlmTimeS = record.SlmTimeS,
            LlmTimeS = record.LlmTimeS,
            SlmCorrect = record.SlmCorrect,
            LlmCorrect = record.LlmCorrect,
        };
    }

    /// <summary>Serialises a record as one JSON line, without the newline.</summary>
    public static string Format(TraceRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("prompt", r.Prompt);
            w.WriteString("label", r.Label);
            w.WriteString("slm_model", r.SlmModel);
            w.WriteString("llm_model", r.LlmModel);
            w.WriteString("slm_answer", r.SlmAnswer);
            w.WriteString("llm_answer", r.LlmAnswer);
            w.WriteBoolean("slm_correct", r.SlmCorrect);
            w.WriteBoolean("llm_correct", r.LlmCorrect);
            if (r.TopKRequested is int k) w.WriteNumber("top_k_requested", k);
            w.WriteStartArray("top_k");
            foreach (var t in r.TopK)
            {
                w.WriteStartObject();
                w.WriteString("token", t.Token);
                w.WriteNumber("p", t.Probability);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteList(w, "slm_answer_logprobs", r.SlmAnswerLogProbs);
            WriteList(w, "llm_answer_logprobs", r.LlmAnswerLogProbs);
            w.WriteNumber("slm_prompt_tokens", r.SlmPromptTokens);
            w.WriteNumber("llm_prompt_tokens", r.LlmPromptTokens);
            w.WriteNumber("slm_answer_tokens", r.SlmAnswerTokens);
            w.WriteNumber("llm_answer_tokens", r.LlmAnswerTokens);
            w.WriteNumber("slm_time_s", r.SlmTimeS);
            w.WriteNumber("llm_time_s", r.LlmTimeS);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<double>? values)
    {
        if (values is null) return;
        w.WriteStartArray(name);
        foreach (double v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    /// <summary>Parses and validates one line; <paramref name="where"/> is "file:line".</summary>
    /// <exception cref="TraceFormatException">Malformed JSON, a missing or mistyped field, or a NaN/negative number.</exception>
    public static TraceRecord ParseLine(string line, string where)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line); }
        catch (JsonException e) { throw new TraceFormatException($"{where}: malformed JSON ({e.Message})", e); }
        using (doc)
        {
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object) throw new TraceFormatException($"{where}: expected a JSON object, got {o.ValueKind}.");

            string Str(string f) => o.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Missing(f, "a string");
            bool Bool(string f) => o.TryGetProperty(f, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Missing(f, "true or false");
            double Num(string f) => o.TryGetProperty(f, out var v) ? NonNegative(v, f) : throw Missing(f, "a number");
            int Int(string f)
            {
                double d = Num(f);
                return d == Math.Floor(d) && d <= int.MaxValue ? (int)d : throw new TraceFormatException($"{where}: field '{f}' is {d}; it must be a whole number.");
            }
            double NonNegative(JsonElement v, string f)
            {
                // JSON has no NaN literal; writers that emit one produce a string or a malformed line.
                if (v.ValueKind == JsonValueKind.String && v.GetString() is "NaN" or "Infinity" or "-Infinity" or "nan" or "inf")
                    throw new TraceFormatException($"{where}: field '{f}' is {v.GetString()}; it must be a finite number >= 0.");
                if (v.ValueKind != JsonValueKind.Number) throw Missing(f, "a number");
                double d = v.GetDouble();
                if (!double.IsFinite(d) || d < 0) throw new TraceFormatException($"{where}: field '{f}' is {d}; it must be a finite number >= 0.");
                return d;
            }
            List<double>? LogProbs(string f)
            {
                if (!o.TryGetProperty(f, out var la) || la.ValueKind == JsonValueKind.Null) return null;
                if (la.ValueKind != JsonValueKind.Array) throw Missing(f, "an array of numbers");
                var list = new List<double>();
                int i = 0;
                foreach (var v in la.EnumerateArray())
                {
                    if (v.ValueKind != JsonValueKind.Number || !double.IsFinite(v.GetDouble()) || v.GetDouble() > 0)
                        throw new TraceFormatException($"{where}: field '{f}[{i}]' is not a finite log-probability (a number <= 0).");
                    list.Add(v.GetDouble());
                    i++;
                }
                return list;
            }
            TraceFormatException Missing(string f, string what) => new($"{where}: field '{f}' is missing or not {what}.");

            if (!o.TryGetProperty("top_k", out var tk) || tk.ValueKind != JsonValueKind.Array || tk.GetArrayLength() == 0)
                throw Missing("top_k", "a non-empty array of {\"token\", \"p\"}");
            var top = new List<TokenProbability>();
            int idx = 0;
            foreach (var e in tk.EnumerateArray())
            {
                string f = $"top_k[{idx++}]";
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("token", out var tok) || tok.ValueKind != JsonValueKind.String)
                    throw Missing(f + ".token", "a string");
                if (!e.TryGetProperty("p", out var p)) throw Missing(f + ".p", "a number");
                double prob = NonNegative(p, f + ".p");
                if (prob > 1 + 1e-9) throw new TraceFormatException($"{where}: field '{f}.p' is {prob}; a probability must lie in [0, 1] (write p, not a logprob or logit).");
                top.Add(new TokenProbability(tok.GetString()!, prob));
            }
            return new TraceRecord
            {
                Id = Str("id"), Prompt = Str("prompt"), Label = Str("label"), SlmModel = Str("slm_model"), LlmModel = Str("llm_model"),
                SlmAnswer = Str("slm_answer"), LlmAnswer = Str("llm_answer"), SlmCorrect = Bool("slm_correct"), LlmCorrect = Bool("llm_correct"),
                TopK = top, TopKRequested = o.TryGetProperty("top_k_requested", out _) ? Int("top_k_requested") : null, SlmAnswerLogProbs = LogProbs("slm_answer_logprobs"), LlmAnswerLogProbs = LogProbs("llm_answer_logprobs"),
                SlmPromptTokens = Int("slm_prompt_tokens"), LlmPromptTokens = Int("llm_prompt_tokens"),
                SlmAnswerTokens = Int("slm_answer_tokens"), LlmAnswerTokens = Int("llm_answer_tokens"),
                SlmTimeS = Num("slm_time_s"), LlmTimeS = Num("llm_time_s"),
            };
        }
    }
}
