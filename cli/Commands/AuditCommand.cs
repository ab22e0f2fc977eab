using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary><c>domainsctl audit</c> without <c>export</c> or <c>verify</c>: a usage error, as a command missing anywhere is.</summary>
public sealed class AuditCommand : Command<EmptyCommandSettings>
{
    public override int Execute(CommandContext context, EmptyCommandSettings settings, CancellationToken cancellationToken) =>
        throw CliException.Usage("missing audit command (export or verify)");
}
