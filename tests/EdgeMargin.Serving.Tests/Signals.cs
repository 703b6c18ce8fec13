using System.Diagnostics;

namespace EdgeMargin.Serving.Tests;

/// <summary>POSIX signals sent to a child process with kill(1) (.NET itself can only kill one outright).</summary>
internal static class Signals
{
    public const string Interrupt = "INT";
    public const string Terminate = "TERM";

    /// <summary>kill(1)'s exit code: 0 when the signal was delivered.</summary>
    public static async Task<int> SendAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString() }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        return kill.ExitCode;
    }
}

/// <summary>A theory that needs POSIX signals; skipped, with the reason shown, on Windows.</summary>
internal sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "needs POSIX signals";
    }
}
