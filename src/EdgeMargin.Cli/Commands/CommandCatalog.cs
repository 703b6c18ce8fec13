using System.CommandLine;

namespace EdgeMargin.Cli.Commands;

/// <summary>Every subcommand of the <c>edgemargin</c> tool, one factory per file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return SimulateCommand.Create();
        yield return DecideCommand.Create();
        yield return AnalyzeCommand.Create();
        yield return ServeCommand.Create();
        yield return LoadTestCommand.Create();
        yield return BabiCommand.Create();
        yield return ProfileCommand.Create();
        yield return BenchCommand.Create();
    }
}
