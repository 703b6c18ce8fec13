using System.Text;

namespace EdgeMargin.Models.Traces;

/// <summary>
/// Appends trace lines, each written whole and flushed to disk. Opening an existing file resumes it: a torn last line
/// (no trailing newline, from a killed run) is cut off, and the ids already present are reported so they are skipped.
/// Closing a writer that leaves the file empty removes the file.
/// </summary>
public sealed class TraceWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly TraceLock _lock;
    private readonly string _path;
    private readonly HashSet<(string Slm, string Llm)> _modelPairs = [];
    private readonly HashSet<int> _topKRequested = [];

    /// <summary>Ids of complete lines already in the file when it was opened.</summary>
    public IReadOnlySet<string> ExistingIds { get; }

    /// <summary>The (slm_model, llm_model) pairs of the lines already in the file.</summary>
    public IReadOnlyCollection<(string Slm, string Llm)> ExistingModelPairs => _modelPairs;

    /// <summary>The top_k_requested values of the lines already in the file (lines that do not record it add none).</summary>
    public IReadOnlySet<int> ExistingTopKRequested => _topKRequested;

    /// <summary>Most candidates on any line already in the file (0 when empty).</summary>
    public int ExistingMaxCandidates { get; private set; }

    /// <summary>Bytes cut off the end because the last line was incomplete (0 when the file was clean).</summary>
    public long TruncatedBytes { get; }

    /// <summary>Opens (creating or resuming) <paramref name="path"/>.</summary>
    /// <exception cref="IOException">Another writer holds the trace.</exception>
    /// <exception cref="TraceFormatException">A complete line is invalid, or the text after the last newline is not a torn trace line; the file is left as it was.</exception>
    public TraceWriter(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        _path = path;
        _lock = TraceLock.Acquire(path + ".lock", path);
        try { _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read); }
        catch
        {
            _lock.Dispose();
            throw;
        }
        try
        {
            (ExistingIds, TruncatedBytes) = Resume(path);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks every complete line and collects the ids, then cuts off a torn last line. Nothing is cut unless the complete
    /// lines are a valid trace and the tail looks like the start of a trace line, so an --out that names some other file
    /// by mistake is refused untouched.
    /// </summary>
    private (IReadOnlySet<string> Ids, long Truncated) Resume(string path)
    {
        long length = _stream.Length, keep = LastNewlineEnd();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        _stream.Position = 0;
        using (var reader = new StreamReader(_stream, Encoding.UTF8, false, 4096, leaveOpen: true))
        {
            int lineNo = 0;
            string? line = reader.ReadLine();
            while (line is not null)
            {
                lineNo++;
                string? next = reader.ReadLine();
                // The text after the last newline is the torn line, checked below rather than parsed.
                bool torn = next is null && keep < length;
                if (!torn && line.Trim().Length > 0)
                {
                    var record = TraceFile.ParseLine(line, $"{path}:{lineNo}");
                    ids.Add(record.Id);
                    _modelPairs.Add((record.SlmModel, record.LlmModel));
                    if (record.TopKRequested is int k) _topKRequested.Add(k);
                    ExistingMaxCandidates = Math.Max(ExistingMaxCandidates, record.TopK.Count);
                }
                line = next;
            }
        }
        long truncated = length - keep;
        if (truncated > 0)
        {
            _stream.Position = keep;
            if (_stream.ReadByte() != '{')
                throw new TraceFormatException($"{path}: the text after the last newline ({truncated} bytes) is not the start of a trace line, so this does not look like a trace an interrupted 'profile' left; nothing was changed. Check --out.");
            _stream.SetLength(keep);
            _stream.Flush(true);
        }
        _stream.Position = _stream.Length;
        return (ids, truncated);
    }

    /// <summary>Offset just past the last '\n' (0 when there is none), read backwards in blocks.</summary>
    private long LastNewlineEnd()
    {
        var block = new byte[64 * 1024];
        for (long end = _stream.Length; end > 0;)
        {
            long start = Math.Max(0, end - block.Length);
            int count = (int)(end - start);
            _stream.Position = start;
            _stream.ReadExactly(block, 0, count);
            int i = Array.LastIndexOf(block, (byte)'\n', count - 1, count);
            if (i >= 0) return start + i + 1;
            end = start;
        }
        return 0;
    }

    /// <summary>Writes one record as one line and flushes it to disk.</summary>
    public void Append(TraceRecord record)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(TraceFile.Format(record) + "\n");
        _stream.Write(bytes);
        _stream.Flush(true);
    }

    /// <inheritdoc />
    /// <remarks>A trace left with no line is removed (no reader accepts an empty trace), while the lock still keeps other writers out.</remarks>
    public void Dispose()
    {
        bool empty = _stream.Length == 0;
        _stream.Dispose();
        if (empty)
        {
            try { File.Delete(_path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        _lock.Dispose();
    }
}

/// <summary>
/// An exclusive lock on a sibling file, so a second writer is refused while the trace itself stays readable (FileShare is
/// advisory on Unix, and an exclusive share on the trace would shut readers out too). The OS drops the lock when its
/// process dies, so a lock file left by a killed run does not block the next one; it is reused and removed.
/// </summary>
internal sealed class TraceLock : IDisposable
{
    private readonly FileStream _file;
    private readonly string _path;
    private readonly DateTime _stamp;

    private TraceLock(FileStream file, string path, DateTime stamp)
    {
        _file = file;
        _path = path;
        _stamp = stamp;
    }

    /// <summary>Takes the lock at <paramref name="lockPath"/> for <paramref name="tracePath"/> (named in the error).</summary>
    /// <exception cref="IOException">Another process (or writer) holds it.</exception>
    public static TraceLock Acquire(string lockPath, string tracePath)
    {
        // Windows enforces FileShare.None and deletes on close atomically; Unix takes an advisory flock, and there the
        // file is removed by hand (see Dispose).
        var options = OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None;
        for (int attempt = 0; ; attempt++)
        {
            FileStream file;
            try { file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, options); }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                throw new IOException($"trace {tracePath} is being written by another process (lock file {lockPath} is held).", e);
            }
            if (OperatingSystem.IsWindows()) return new TraceLock(file, lockPath, default);

            // On Unix a lock belongs to the file, not the name. A departing holder unlinks the name and then drops the
            // lock; a process that opened the name just before can then lock a file that no longer has it, while a third
            // creates a new file under the name and locks that. So the holder stamps its file with a unique time and
            // checks that the name still leads to it (stat reads the time without opening, so no lock is needed);
            // otherwise it lost that race and tries the name again.
            // Whole even seconds survive the coarsest file systems' time stamps (FAT keeps 2 s).
            var stamp = DateTime.UnixEpoch.AddSeconds(2.0 * Random.Shared.NextInt64(800_000_000));
            File.SetLastWriteTimeUtc(file.SafeFileHandle, stamp);
            if (File.GetLastWriteTimeUtc(lockPath) == stamp) return new TraceLock(file, lockPath, stamp);
            file.Dispose();
            if (attempt == 10) throw new IOException($"trace {tracePath}: could not take the lock file {lockPath} (it keeps being replaced).");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Unlink while still holding the lock: whoever opens the name from now on gets a new file, and whoever opened the
        // old one before fails its stamp check above. The stamp check keeps a name some other holder now owns in place.
        if (!OperatingSystem.IsWindows() && File.GetLastWriteTimeUtc(_path) == _stamp)
        {
            try { File.Delete(_path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        _file.Dispose();
    }
}
