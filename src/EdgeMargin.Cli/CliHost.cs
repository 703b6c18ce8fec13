using System.CommandLine;
using System.Text.Json;
using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Cli;

/// <summary>Parses, runs and turns every failure into a one-line message with a clear exit code.</summary>
internal static class CliHost
{
    /// <summary>Bad input: invalid options, configs, scenarios, traces. Nothing was written.</summary>
    public const int UsageError = 2;

    /// <summary>An unexpected failure (a bug, or the environment).</summary>
    public const int InternalError = 1;

    /// <summary>The <c>edgemargin</c> root command with every subcommand.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("EdgeMargin: uncertainty-aware LLM offloading (reproduces and extends arXiv 2602.07958).");
        foreach (var command in Commands.CommandCatalog.All()) root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = stdout ?? Console.Out;
        var error = stderr ?? Console.Error;
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) await error.WriteLineAsync($"error: {e.Message}");
            await error.WriteLineAsync("Run with --help to see the options.");
            return UsageError;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output, Error = error, EnableDefaultExceptionHandler = false,
                // A draining command (serve) answers SIGINT/SIGTERM itself; the default would exit 2 s after the signal.
                ProcessTerminationTimeout = parse.CommandResult.Command is Commands.DrainingCommand ? null : TimeSpan.FromSeconds(2),
            });
        }
        catch (Exception ex) when (Describe(ex) is string message)
        {
            await error.WriteLineAsync($"error: {message}");
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled.");
            return 130;
        }
        catch (Exception ex)
        {
            // The message, not the .NET type name: the type says nothing a user can act on; EDGEMARGIN_DEBUG=1 shows it all.
            await error.WriteLineAsync($"internal error: {ex.Message}");
            if (Environment.GetEnvironmentVariable("EDGEMARGIN_DEBUG") == "1") await error.WriteLineAsync(ex.ToString());
            else await error.WriteLineAsync("Set EDGEMARGIN_DEBUG=1 for the stack trace, and please report it.");
            return InternalError;
        }
    }

    /// <summary>The message for failures caused by the user's input; null for anything else.</summary>
    private static string? Describe(Exception ex) => ex switch
    {
        UsageException u => u.Message,
        EdgeMargin.Models.Backends.ModelException m => m.Message,
        EdgeMargin.Models.Traces.TraceFormatException t => t.Message,
        EdgeMargin.Models.Babi.BabiFormatException b => b.Message,
        ScenarioValidationException s => s.Message,
        InvalidDistributionException d => d.Message,
        JsonException j => $"malformed JSON{(j.Path is { Length: > 0 } p ? $" at {p}" : "")}{(j.LineNumber is long l ? $" (line {l + 1})" : "")}: {j.Message}",
        FileNotFoundException f => $"file not found: {f.FileName ?? f.Message}",
        DirectoryNotFoundException d => $"directory not found: {d.Message}",
        // The environment, not a bug: say what could not be written and what to do.
        UnauthorizedAccessException u => $"permission denied: {u.Message} Choose a location you can write to (--out).",
        IOException io when io.HResult is 28 or 39 or 112 or unchecked((int)0x80070070) => $"the disk is full: {io.Message} Free some space or choose another --out.",
        ArgumentException a => a.Message,
        _ => null,
    };
}

/// <summary>A problem with what the user asked for; the message says what, where and what to do.</summary>
internal sealed class UsageException(string message) : Exception(message);
