using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EdgeMargin.Serving.Tests;

/// <summary>`edgemargin serve` and `edgemargin loadtest` as real processes, end to end on loopback.</summary>
public sealed class CommandTests
{
    /// <summary>The CLI built next to this test assembly in the artifacts tree (bin/EdgeMargin.Cli/&lt;config&gt;/).</summary>
    private static string CliDll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string path = Path.Combine(here.Parent!.Parent!.FullName, "EdgeMargin.Cli", here.Name, "EdgeMargin.Cli.dll");
            Assert.True(File.Exists(path), $"the CLI is not built at {path}");
            return path;
        }
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CliDll);
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Serve_then_loadtest_reports_every_request()
    {
        using var serve = Start("serve", "--urls", "http://127.0.0.1:0");
        try
        {
            string? first = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(first);
            Assert.StartsWith("EdgeMargin gateway listening on http://127.0.0.1:", first);
            string url = first!["EdgeMargin gateway listening on ".Length..].Split(',')[0].Trim();

            var (exit, output, error) = await RunAsync("loadtest", "--url", url, "--users", "4", "--rate", "200", "--duration", "1", "--deadline-ms", "20000", "--json");
            Assert.True(exit == 0, error);
            var report = JsonNode.Parse(output)!;
            long sent = report["sent"]!.GetValue<long>(), decided = report["decided"]!.GetValue<long>();
            Assert.True(decided > 0);
            Assert.Equal(sent, decided + report["fallbacks"]!.GetValue<long>());
            Assert.Equal(0, report["errors"]!.GetValue<long>());
            Assert.Equal(decided, report["local"]!.GetValue<long>() + report["offload"]!.GetValue<long>());
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Ctrl+C (SIGINT) stops the gateway the way ServeCommand promises: it finishes, reports how many decisions it served
    /// and exits 0, rather than being torn down mid-answer.
    /// </summary>
    [SignalFact(Signals.Interrupt)]
    public Task Serve_stops_cleanly_on_ctrl_c() => StopsCleanlyOnAsync(Signals.Interrupt);

    /// <summary>The same for a service manager's SIGTERM.</summary>
    [SignalFact(Signals.Terminate)]
    public Task Serve_stops_cleanly_on_sigterm() => StopsCleanlyOnAsync(Signals.Terminate);

    private static async Task StopsCleanlyOnAsync(string signal)
    {
        using var serve = Start("serve", "--urls", "http://127.0.0.1:0");
        try
        {
            string? first = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("EdgeMargin gateway listening on http://127.0.0.1:", first);
            string url = first!["EdgeMargin gateway listening on ".Length..].Split(',')[0].Trim();
            var (exit, output, error) = await RunAsync("loadtest", "--url", url, "--users", "2", "--rate", "50", "--duration", "1", "--deadline-ms", "20000", "--json");
            Assert.True(exit == 0, error);
            long decided = JsonNode.Parse(output)!["decided"]!.GetValue<long>();
            Assert.True(decided > 0);

            var rest = serve.StandardOutput.ReadToEndAsync();
            var errors = serve.StandardError.ReadToEndAsync();
            Assert.Equal(0, await Signals.SendAsync(serve.Id, signal));
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await serve.WaitForExitAsync(guard.Token);
            Assert.True(serve.ExitCode == 0, $"exit {serve.ExitCode}: {await errors}");
            Assert.Contains($"stopping; {decided} decisions served.", await rest);
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("loadtest", "--url", "http://192.0.2.1:5080", "loopback")]
    [InlineData("loadtest", "--url", "http://127.0.0.1:9", "cannot reach the gateway")]
    [InlineData("serve", "--urls", "http://0.0.0.0:5080", "loopback")]
    [InlineData("serve", "--config", "/nonexistent/gateway.json", "does not exist")]
    public async Task Bad_input_is_a_one_line_error_and_exit_code_2(string command, string option, string value, string expected)
    {
        var (exit, _, error) = await RunAsync(command, option, value);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }
}
