using System.CommandLine;

namespace EdgeMargin.Cli.Commands;

/// <summary>
/// A command that handles SIGINT and SIGTERM itself because it drains before it exits (serve). System.CommandLine's own
/// handling would end the process two seconds after the signal, whatever is still in flight, so the host turns it off
/// for these commands.
/// </summary>
internal sealed class DrainingCommand(string name, string description) : Command(name, description);
