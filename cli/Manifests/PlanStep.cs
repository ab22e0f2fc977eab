namespace Domains.Cli.Manifests;

/// <summary>
/// One change of a plan: <c>create</c>, <c>update</c> (with the fields that differ), <c>unchanged</c>, <c>publish</c>
/// (a draft notice the file wants published) or <c>prune</c> (a resource the file no longer names, with the
/// command that ends it). <see cref="ETag"/> is the version read, sent as <c>If-Match</c>.
/// </summary>
public sealed record PlanStep(string Action, string Kind, string Id, IReadOnlyList<string> Fields, ManifestDocument? Document, string? ETag, string? Command = null)
{
    public bool Changes => Action != "unchanged";
}
