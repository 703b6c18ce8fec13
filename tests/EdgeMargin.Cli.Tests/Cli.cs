namespace EdgeMargin.Cli.Tests;

/// <summary>Runs the real command-line host in-process and captures what it prints.</summary>
internal static class Cli
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await CliHost.RunAsync(CliHost.BuildRoot(), args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "edgemargin-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
