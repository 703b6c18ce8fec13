using EdgeMargin.Models.OpenAi;

namespace EdgeMargin.Models.Backends;

/// <summary>Settings every backend takes from the command line.</summary>
/// <param name="TopK">Candidates to request at each position.</param>
/// <param name="Timeout">Per-attempt timeout (network backends).</param>
/// <param name="MaxRetries">Retries on 5xx/429/timeouts (network backends).</param>
public sealed record ModelSettings(int TopK = 10, TimeSpan? Timeout = null, int MaxRetries = 3)
{
    /// <summary>Delay before the first retry (doubles each time).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether the backend must return next-token candidates (the small model's margin needs them).</summary>
    public bool RequireLogProbs { get; init; } = true;
}

/// <summary>
/// Parses a model spec: <c>openai:URL#model</c> (/v1/completions), <c>openai-chat:URL#model</c> (/v1/chat/completions),
/// <c>onnx:PATH</c> (in-process ONNX causal LM, see <see cref="Onnx.OnnxModel"/>), <c>gguf:FILE</c> (in-process llama.cpp,
/// see <see cref="LlamaCpp.LlamaCppModel"/>). For the OpenAI kinds an empty URL or
/// model falls back to EDGEMARGIN_BASE_URL / EDGEMARGIN_MODEL; the key comes from EDGEMARGIN_API_KEY or OPENAI_API_KEY.
/// </summary>
public static partial class ModelSpec
{
    /// <summary>Creates the backend a spec names.</summary>
    /// <exception cref="ArgumentException">The spec is malformed; the message shows what to write instead.</exception>
    public static ILanguageModel Create(string spec, ModelSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        settings ??= new ModelSettings();
        string shown = Redact(spec);
        int colon = spec.IndexOf(':');
        string kind = colon < 0 ? spec : spec[..colon];
        string rest = colon < 0 ? "" : spec[(colon + 1)..];
        switch (kind)
        {
            case "openai":
            case "openai-chat":
            {
                int hash = rest.LastIndexOf('#');
                string url = hash < 0 ? rest : rest[..hash];
                string model = hash < 0 ? "" : rest[(hash + 1)..];
                if (url.Length == 0) url = Environment.GetEnvironmentVariable("EDGEMARGIN_BASE_URL") ?? "";
                if (model.Length == 0) model = Environment.GetEnvironmentVariable("EDGEMARGIN_MODEL") ?? "";
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                    throw new ArgumentException($"model spec '{shown}': base URL '{Redact(url)}' is not an http(s) URL. Write e.g. openai:http://127.0.0.1:8080/v1#model-name, or set EDGEMARGIN_BASE_URL.");
                if (model.Length == 0)
                    throw new ArgumentException($"model spec '{shown}': no model name. Append #model-name, or set EDGEMARGIN_MODEL.");
                return new OpenAiModel(new OpenAiOptions
                {
                    BaseUrl = uri, Model = model, UseChat = kind == "openai-chat", ApiKey = OpenAiOptions.EnvironmentApiKey(),
                    TopLogProbs = settings.TopK, Timeout = settings.Timeout ?? TimeSpan.FromSeconds(60),
                    MaxRetries = settings.MaxRetries, InitialBackoff = settings.InitialBackoff, RequireLogProbs = settings.RequireLogProbs,
                });
            }
            case "onnx":
                return Onnx.OnnxModel.Load(rest, settings.TopK);
            case "gguf":
                return LlamaCpp.LlamaCppModel.Load(rest, settings.TopK);
            default:
                throw new ArgumentException($"model spec '{shown}': unknown backend '{Redact(kind)}'. Use openai:URL#model, openai-chat:URL#model, onnx:PATH or gguf:FILE.");
        }
    }

    /// <summary>The text with the user info of any URL in it (<c>user:password@</c>) replaced by <c>***@</c>, for error messages.</summary>
    internal static string Redact(string text) => UserInfo().Replace(text, "//***@");

    [System.Text.RegularExpressions.GeneratedRegex(@"//[^/@\s]*@")]
    private static partial System.Text.RegularExpressions.Regex UserInfo();
}
