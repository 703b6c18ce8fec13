using System.CommandLine;
using EdgeMargin.Cli;
using EdgeMargin.Cli.Commands;

var root = new RootCommand("EdgeMargin: uncertainty-aware LLM offloading (reproduces and extends arXiv 2602.07958).");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
return await CliHost.RunAsync(root, args);
