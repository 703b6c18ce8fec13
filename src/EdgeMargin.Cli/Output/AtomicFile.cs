using System.Text;

namespace EdgeMargin.Cli.Output;

/// <summary>Writes files through a temporary sibling and a rename, so readers see the old file or the new one, never half.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temp, contents, new UTF8Encoding(false));
        File.Move(temp, full, overwrite: true);
    }
}
