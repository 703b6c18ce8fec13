using EdgeMargin.Cli;

return await CliHost.RunAsync(CliHost.BuildRoot(), args);
