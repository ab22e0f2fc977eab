namespace Domains.Cli.Manifests;

/// <summary>
/// One change of a plan: <c>create</c>, <c>update</c> (with the fields that differ), <c>unchanged</c>, <c>publish</c>
/// (a draft notice the file wants published) or <c>prune</c> (a resource the file no longer names, with the
/// command that ends it). <see cref="Key"/> is the id (<c>domain/id</c> for a dataset), <see cref="Path"/> the
/// resource's URL path and <see cref="ETag"/> the version read, sent as <c>If-Match</c>.
/// </summary>
public sealed record PlanStep(
    string Action, ResourceKind Kind, string Key, string Path, IReadOnlyList<string> Fields, ManifestDocument? Document, string? ETag,
    string? Command = null)
{
    public bool Changes => Action != "unchanged";

    /// <summary>Where the step comes from, as a refusal names it: its document, or the resource a prune ends.</summary>
    public string Where => Document?.Name ?? $"{Kind.Name} {Key}";

    public override string ToString() => $"{Action} {Kind.Name} {Key}";
}
