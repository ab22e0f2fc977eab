namespace Domains.Cli.Manifests;

/// <summary>
/// A kind apply converges: its path, the fields the API shows but never returns as written (compared never),
/// the states a resource no longer lives in, and the command that ends one when <c>--prune</c> names the kind.
/// </summary>
public sealed record ResourceKind(string Name, string Path, IReadOnlyList<string> WriteOnly, IReadOnlyList<string> Ended, string? PruneCommand)
{
    public static readonly IReadOnlyList<ResourceKind> All =
    [
        new("Domain", "/v1/domains", [], ["retired"], "retire"),
        new("Notice", "/v1/notices", [], ["closed", "withdrawn"], "withdraw"),
        new("Unit", "/v1/units", [], [], null),
        new("Webhook", "/v1/webhooks", ["secret"], ["disabled"], "disable"),
    ];

    public static ResourceKind Get(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw CliException.Usage($"unknown kind '{name}' (one of {string.Join(", ", All.Select(k => k.Name))})");
}
