using Domains.Cli.Manifests;
using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary><c>domainsctl schema</c>: the JSON Schema of apply documents, for editors to check files with.</summary>
public sealed class SchemaCommand : Command<EmptyCommandSettings>
{
    public override int Execute(CommandContext context, EmptyCommandSettings settings, CancellationToken cancellationToken)
    {
        Console.Out.WriteLine(ManifestSchema.Text);
        return ExitCodes.Done;
    }
}
