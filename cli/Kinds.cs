namespace Domains.Cli;

/// <summary>A resource kind as the command line names it (<c>domains</c>, <c>domain</c>) and its API path.</summary>
public sealed record Kind(string Plural, string Singular, string Path)
{
    /// <summary>The kinds as a command's help names them.</summary>
    public const string Names = "authorizations units domains workspaces notices products webhooks exports (or the singular)";

    public static readonly IReadOnlyList<Kind> All =
    [
        new("authorizations", "authorization", "/v1/authorizations"),
        new("units", "unit", "/v1/units"),
        new("domains", "domain", "/v1/domains"),
        new("workspaces", "workspace", "/v1/workspaces"),
        new("notices", "notice", "/v1/notices"),
        new("products", "product", "/v1/products"),
        new("webhooks", "webhook", "/v1/webhooks"),
        new("exports", "export", "/v1/exports"),
    ];

    public static Kind Parse(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Plural, name, StringComparison.OrdinalIgnoreCase) || string.Equals(k.Singular, name, StringComparison.OrdinalIgnoreCase))
        ?? throw CliException.Usage($"unknown kind '{name}' (one of {string.Join(", ", All.Select(k => k.Plural))})");
}
