using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Entity;

namespace Domains.Grains.Workspaces;

public sealed class WorkspaceState : LifecycleState<WorkspaceView, WorkspaceStatus>
{
    public AuthorizationAccess? Access { get; set; }

    public string Driver { get; set; } = "";

    /// <summary>The key the driver named the resources by: this workspace's id, or the one it took them over from.</summary>
    public string ResourceKey { get; set; } = "";

    public string? ResourcesJson { get; set; }

    /// <summary>Whether the driver last acknowledged access as open.</summary>
    public bool EnforcedOpen { get; set; }

    public DateTimeOffset? ProvisionedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? HandedOverTo { get; set; }

    public string? HandedOverFrom { get; set; }

    /// <summary>The term of the authorization it took over from: access continues under it until the renewal's term starts.</summary>
    public Term? ContinuedTerm { get; set; }

    public DeletionView? Deletion { get; set; }

    public DateTimeOffset? LogRetentionUntil { get; set; }

    /// <summary>The retention ended while deletion was still unconfirmed: purge as soon as it is.</summary>
    public bool PurgeDue { get; set; }

    public DateTimeOffset? LogsPurgedAt { get; set; }

    /// <summary>When the owner last had a fresh password (the password itself is never kept).</summary>
    public DateTimeOffset? CredentialsIssuedAt { get; set; }
}
