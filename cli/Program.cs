using Domains.Cli;

return await Cli.RunAsync(args);
