using System.Diagnostics;

namespace EdgeMargin.Serving.Tests;

/// <summary>POSIX signals sent to a child process with kill(1) (.NET itself can only kill one outright).</summary>
internal static class Signals
{
    public const string Interrupt = "INT";
    public const string Terminate = "TERM";
    public const string HangUp = "HUP";

    /// <summary>Whether this process ignores <paramref name="signal"/> (read from /proc on Linux; false where that cannot be read).</summary>
    public static bool IsIgnoredHere(string signal)
    {
        int number = signal switch { HangUp => 1, Interrupt => 2, Terminate => 15, _ => throw new ArgumentOutOfRangeException(nameof(signal)) };
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return false;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) >> (number - 1) & 1) == 1;
    }

    /// <summary>kill(1)'s exit code: 0 when the signal was delivered.</summary>
    public static async Task<int> SendAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString() }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        return kill.ExitCode;
    }
}

/// <summary>
/// A test that sends <see cref="Signal"/> to a child process; skipped, with the reason shown, on Windows and where this
/// test run itself ignores the signal. A shell starts background jobs with SIGINT ignored, and a child inherits that
/// (and .NET, like other POSIX programs, then leaves Ctrl+C alone), so there the test would fail for a reason that has
/// nothing to do with the gateway.
/// </summary>
internal sealed class SignalFactAttribute : FactAttribute
{
    public SignalFactAttribute(string signal)
    {
        Signal = signal;
        if (OperatingSystem.IsWindows()) Skip = "needs POSIX signals";
        else if (Signals.IsIgnoredHere(signal))
            Skip = $"SIG{signal} is ignored in this test run (started as a background job?), so the gateway would inherit that and rightly ignore it";
    }

    public string Signal { get; }
}
