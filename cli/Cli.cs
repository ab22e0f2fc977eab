using Domains.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Domains.Cli;

/// <summary>
/// The command line (Spectre.Console.Cli: one settings class per command, whose options make its <c>--help</c>);
/// an expected failure is one line on standard error and its exit code, a usage error exit code 2.
/// </summary>
public static class Cli
{
    public static async Task<int> RunAsync(string[] argv)
    {
        var app = new CommandApp();
        app.Configure(Configure);
        try
        {
            if (argv.Length == 0)
            {
                // No command is a usage error: the help, and exit code 2.
                await app.RunAsync(["--help"]);
                return ExitCodes.Usage;
            }
            return await app.RunAsync(argv);
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"domainsctl: {e.Message}");
            return e.ExitCode;
        }
        catch (CommandAppException e)
        {
            // An unknown command or option, a missing argument, a value of the wrong type.
            Console.Error.WriteLine($"domainsctl: {e.Message.ReplaceLineEndings(" ")} (domainsctl --help lists the commands, domainsctl COMMAND --help its options)");
            return ExitCodes.Usage;
        }
        catch (IOException e) when (e.Message.Contains("pipe", StringComparison.OrdinalIgnoreCase))
        {
            return ExitCodes.Done;
        }
        catch (Exception e)
        {
            // A bug, not an expected outcome: still one line, never a stack trace.
            Console.Error.WriteLine($"domainsctl: unexpected error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.Refused;
        }
    }

    private static void Configure(IConfigurator config)
    {
        config.SetApplicationName("domainsctl");
        config.ConfigureConsole(Output.Out);
        config.UseStrictParsing();
        config.PropagateExceptions();
        config.SetInterceptor(new OptionValueCheck());
        config.SetHelpProvider(new Help(config.Settings));

        config.AddCommand<LoginCommand>("login").WithDescription("check and save the API address and token");
        config.AddCommand<GetCommand>("get").WithDescription("one page of a list, newest first")
            .WithExample("get", "domains", "--state", "operational", "-o", "json");
        config.AddCommand<DescribeCommand>("describe").WithDescription("the resource, its deadlines and its last audit events");
        foreach (var verb in LifecycleCommand.Verbs)
        {
            config.AddCommand<LifecycleCommand>(verb).WithDescription($"the lifecycle command: POST …/ID/{verb}");
        }
        config.AddCommand<ApplyCommand>("apply")
            .WithDescription("print the plan of the file against what exists on standard output, then apply it: kinds in the order "
                + "Domain Unit Dataset Notice Webhook Channel, each update with If-Match of the version read (changed since: "
                + "412 version-mismatch, nothing overwritten); progress on standard error (a bar on a terminal)")
            .WithExample("apply", "-f", "ops/samples/domains.yaml", "--dry-run");
        config.AddBranch("audit", audit =>
        {
            audit.SetDescription("the audit log: export it, verify its chains");
            audit.SetDefaultCommand<AuditCommand>();
            audit.AddCommand<AuditExportCommand>("export").WithDescription("stream the audit log to standard output (> FILE)");
            audit.AddCommand<AuditVerifyCommand>("verify").WithDescription("verify hash chains: one entity's, or every entity's");
        });
        config.AddCommand<SchemaCommand>("schema").WithDescription("the JSON Schema of apply documents");
    }

    /// <summary>Spectre's help with what every command shares below it: where the API is, and the exit codes.</summary>
    private sealed class Help(ICommandAppSettings settings) : HelpProvider(settings)
    {
        public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command) =>
        [
            .. base.GetFooter(model, command),
            new Text("""

                API: --url U --token T, or DOMAINS_URL / DOMAINS_TOKEN, or domainsctl login
                exit codes: 0 done, 1 refused by the API (its code and detail printed) or unreachable, 2 usage error

                """),
        ];
    }
}
