using System.Text;

namespace EdgeMargin.Models.Traces;

/// <summary>
/// Appends trace lines, each written whole and flushed to disk. Opening an existing file resumes it: a torn last line
/// (no trailing newline, from a killed run) is cut off, and the ids already present are reported so they are skipped.
/// </summary>
public sealed class TraceWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly FileStream _lock;

    /// <summary>Ids of complete lines already in the file when it was opened.</summary>
    public IReadOnlySet<string> ExistingIds { get; }

    /// <summary>Bytes cut off the end because the last line was incomplete (0 when the file was clean).</summary>
    public long TruncatedBytes { get; }

    /// <summary>Opens (creating or resuming) <paramref name="path"/>.</summary>
    public TraceWriter(string path)
    {
        // FileShare is advisory on Unix and lets two writers in; an exclusive lock on a sibling file keeps a second
        // 'profile' out while leaving the trace itself readable. A killed run leaves the .lock file but not the lock.
        try { _lock = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"trace {path} is being written by another process (lock file {path}.lock is held).", e);
        }
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

    /// <summary>Cuts off a torn last line and collects the ids of the complete lines, checking each.</summary>
    private (IReadOnlySet<string> Ids, long Truncated) Resume(string path)
    {
        long length = _stream.Length, keep = length;
        if (length > 0)
        {
            // Find the last newline: everything after it is a torn line.
            var buf = new byte[1];
            keep = 0;
            for (long pos = length - 1; pos >= 0; pos--)
            {
                _stream.Position = pos;
                _stream.ReadExactly(buf);
                if (buf[0] == (byte)'\n') { keep = pos + 1; break; }
            }
        }
        long truncated = length - keep;
        if (truncated > 0) { _stream.SetLength(keep); _stream.Flush(true); }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        _stream.Position = 0;
        using (var reader = new StreamReader(_stream, Encoding.UTF8, false, 4096, leaveOpen: true))
        {
            int lineNo = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNo++;
                if (line.Trim().Length == 0) continue;
                ids.Add(TraceFile.ParseLine(line, $"{path}:{lineNo}").Id);
            }
        }
        _stream.Position = _stream.Length;
        return (ids, truncated);
    }

    /// <summary>Writes one record as one line and flushes it to disk.</summary>
    public void Append(TraceRecord record)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(TraceFile.Format(record) + "\n");
        _stream.Write(bytes);
        _stream.Flush(true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        _lock.Dispose();
    }
}
