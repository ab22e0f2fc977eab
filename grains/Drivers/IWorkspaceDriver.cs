namespace Domains.Grains.Drivers;

/// <summary>
/// What a workspace driver acts on: the workspace, and the key its resources carry (the workspace
/// that provisioned them; a renewal that takes over keeps the original key). <paramref name="Version"/> is
/// the workspace's version whose saved state the command carries out, so a stale command can be told apart.
/// </summary>
public sealed record WorkspaceTarget(string WorkspaceId, string ResourceKey, string UnitId, string DomainId, IReadOnlyList<string> Datasets, long Version = 0);

/// <summary>What a deletion left as evidence: the SHA-256 of the manifest of what was deleted.</summary>
public sealed record DeletionCertificate(string ManifestSha256, DateTimeOffset DeletedAt, string Operator, string? Manifest);

/// <summary>
/// Carries a workspace's lifecycle into the operation domain. Every method is idempotent (a workspace
/// repeats a call it is not sure of) and returns only once the domain has acknowledged the command.
/// A method that answers <c>null</c>/<c>false</c> leaves the confirmation to a callback of API.md
/// (<c>provisioned</c>, <c>data-deleted</c>, <c>logs-purged</c>).
/// </summary>
public interface IWorkspaceDriver
{
    string Name { get; }

    /// <summary>Creates the workspace's isolated area; returns its resources (JSON) or null when confirmed later.</summary>
    Task<string?> ProvisionAsync(WorkspaceTarget target);

    /// <summary>Access off: no new login, every open session ended.</summary>
    Task SuspendAsync(WorkspaceTarget target);

    /// <summary>Access on again.</summary>
    Task ReinstateAsync(WorkspaceTarget target);

    /// <summary>Access off for good (the authorization ended).</summary>
    Task CloseAsync(WorkspaceTarget target);

    /// <summary>Deletes the data left in the workspace; returns the certificate, or null when confirmed later.</summary>
    Task<DeletionCertificate?> DeleteDataAsync(WorkspaceTarget target);

    /// <summary>Deletes the workspace's retained network logs; false when confirmed later.</summary>
    Task<bool> PurgeLogsAsync(WorkspaceTarget target);

    /// <summary>
    /// A domain's suspension (<paramref name="open"/> false: every listed workspace's login closed and its
    /// sessions ended) or resumption (the listed ones reopened), in as few round trips as the driver can.
    /// </summary>
    Task SetDomainAccessAsync(string domainId, bool open, IReadOnlyList<WorkspaceTarget> workspaces);

    /// <summary>Makes exactly <see cref="WorkspaceTarget.Datasets"/> readable (a renewal that took the workspace over).</summary>
    Task UpdateDatasetsAsync(WorkspaceTarget target);

    /// <summary>Sets a fresh password of the workspace's login and returns it (never stored); null when the driver gives none.</summary>
    Task<string?> SetPasswordAsync(WorkspaceTarget target);
}
