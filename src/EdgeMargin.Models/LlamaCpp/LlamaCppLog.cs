using LLama.Native;

namespace EdgeMargin.Models.LlamaCpp;

/// <summary>
/// Where llama.cpp's own log goes: not to the console (it writes dozens of lines per model load, which would bury the
/// CLI's output and progress bars), but into a short memory of its last warnings and errors, so that a failed load can
/// say what llama.cpp objected to. The memory is shared by every model in the process (llama.cpp has one log), so a
/// message can also quote a model loaded at the same moment on another thread.
/// </summary>
internal static class LlamaCppLog
{
    private const int Kept = 6;
    private static readonly Lock Gate = new();
    private static readonly Queue<string> Recent = new();
    private static string _partial = "";
    private static LLamaLogLevel _partialLevel;
    private static bool _installed;

    /// <summary>Routes llama.cpp's log here; called before the native library is first used, and harmless after.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            _installed = true;
        }
        if (NativeLibraryConfig.LLama.LibraryHasLoaded) NativeLogConfig.llama_log_set(Receive);
        else NativeLibraryConfig.All.WithLogCallback(Receive);
    }

    /// <summary>Forgets what was kept, so that <see cref="Describe"/> speaks only of what follows.</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            Recent.Clear();
            _partial = "";
        }
    }

    /// <summary>The warnings and errors llama.cpp logged since <see cref="Clear"/>, joined into one line, or "" when none.</summary>
    public static string Describe()
    {
        // One line, as every CLI error is; llama.cpp's messages sometimes span several.
        lock (Gate) return string.Join(" ", Recent.Select(l => string.Join(" ", l.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).Where(l => l.Length > 0));
    }

    private static void Receive(LLamaLogLevel level, string message)
    {
        lock (Gate)
        {
            // llama.cpp writes one line in several calls; the later ones come as Continue and belong to the first.
            if (level == LLamaLogLevel.Continue) _partial += message;
            else
            {
                _partial = message;
                _partialLevel = level;
            }
            if (!_partial.EndsWith('\n')) return;
            if (_partialLevel is LLamaLogLevel.Warning or LLamaLogLevel.Error)
            {
                Recent.Enqueue(_partial);
                while (Recent.Count > Kept) Recent.Dequeue();
            }
            _partial = "";
        }
    }
}
