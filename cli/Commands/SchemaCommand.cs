using Domains.Cli.Manifests;

namespace Domains.Cli.Commands;

/// <summary><c>domainsctl schema</c>: the JSON Schema of apply documents, for editors to check files with.</summary>
public static class SchemaCommand
{
    public static int Run(Arguments args)
    {
        args.EnsureAllTaken();
        Console.Out.WriteLine(ManifestSchema.Text);
        return ExitCodes.Done;
    }
}
