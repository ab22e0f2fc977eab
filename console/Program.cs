using Domains.WebConsole;
using Domains.WebConsole.Accounts;

// `Domains.WebConsole user add|reset …` (ops/user) manages local accounts; anything else starts the console.
if (args.Length > 0 && args[0] == "user")
{
    return await AccountCommands.RunAsync(args[1..]);
}
var app = ConsoleApp.Build(args);
await app.RunAsync();
return 0;
