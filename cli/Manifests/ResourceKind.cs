using System.Text.Json.Nodes;

namespace Domains.Cli.Manifests;

/// <summary>
/// A kind apply converges: its place in the order of writes (<see cref="Rank"/>: a domain before its datasets
/// and notices, units before the channels that name them), its path, the fields written but never shown
/// (<see cref="WriteOnly"/>, e.g. <c>target.secret</c>) and those shown but never written (<see cref="ShownOnly"/>,
/// e.g. <c>target.secretSet</c>), both left out of the comparison; the states a resource no longer lives in; the
/// list and the command that end one when <c>--prune</c> names the kind, or why it cannot be pruned; and, for a
/// kind that belongs to another (a dataset to its domain), the spec field naming the owner.
/// </summary>
public sealed record ResourceKind(
    string Name, int Rank, string Path, IReadOnlyList<string> WriteOnly, IReadOnlyList<string> ShownOnly,
    IReadOnlyList<string> Ended, string? PruneCommand, string? Unprunable = null, string? Owner = null)
{
    public static readonly IReadOnlyList<ResourceKind> All =
    [
        new("Domain", 0, "/v1/domains", [], [], ["retired"], "retire"),
        new("Unit", 1, "/v1/units", [], [], [], null, "the API ends no unit"),
        // A catalogue entry lives at /v1/domains/{domainId}/datasets/{id}.
        new("Dataset", 2, "/v1/domains/{owner}/datasets", [], [], [], null, "the API ends no catalogue entry", Owner: "domainId"),
        new("Notice", 3, "/v1/notices", [], [], ["closed", "withdrawn"], "withdraw"),
        new("Webhook", 4, "/v1/webhooks", ["secret"], [], ["disabled"], "disable"),
        new("Channel", 5, "/v1/channels", ["target.secret"], ["target.secretSet"], ["disabled"], null,
            "the API lists no channels, so apply cannot find those the file no longer names"),
    ];

    public static ResourceKind Get(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw CliException.Usage($"unknown kind '{name}' (one of {string.Join(", ", All.Select(k => k.Name))})");

    /// <summary>The resource's identity in a plan: its id, or <c>owner/id</c> for a kind that belongs to another.</summary>
    public string Key(ManifestDocument document) => Owner is null ? document.Id : $"{OwnerOf(document)}/{document.Id}";

    /// <summary>The resource's URL path.</summary>
    public string PathOf(ManifestDocument document) =>
        $"{Path.Replace("{owner}", Uri.EscapeDataString(OwnerOf(document)), StringComparison.Ordinal)}/{Uri.EscapeDataString(document.Id)}";

    /// <summary>The body of the <c>PUT</c>: the spec without the owner's field, which the path names.</summary>
    public JsonObject Body(ManifestDocument document)
    {
        var body = (JsonObject)document.Spec.DeepClone();
        if (Owner is not null) body.Remove(Owner);
        return body;
    }

    private string OwnerOf(ManifestDocument document) => Owner is null ? "" : Output.Text(document.Spec, Owner);
}
