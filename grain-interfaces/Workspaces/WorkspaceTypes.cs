using Domains.GrainInterfaces.Authorizations;

namespace Domains.GrainInterfaces.Workspaces;

/// <summary>Workspace states (DOMAIN.md §3). Persisted numbers: never renumber.</summary>
public enum WorkspaceStatus
{
    Provisioning = 1,
    Active = 2,
    ProvisioningFailed = 3,
    Suspended = 4,
    Closed = 5,
    Deleting = 6,
    Deleted = 7,
    Purged = 8,
    HandedOver = 9,
}

/// <summary>Commands and deadlines on a workspace. Persisted numbers: never renumber.</summary>
public enum WorkspaceCommand
{
    Open = 1,
    ConfirmProvisioned = 2,
    ProvisioningTimeout = 3,
    RetryProvisioning = 4,
    Suspend = 5,
    Reinstate = 6,
    Close = 7,
    StartDeletion = 8,
    ConfirmDeletion = 9,
    PurgeLogs = 10,
    HandOver = 11,
    TakeOver = 12,
}

/// <summary>Whether the driver has acknowledged the access state the workspace is in.</summary>
public enum Enforcement
{
    Applied = 1,
    Pending = 2,
}

/// <summary>
/// What a workspace needs to know of its authorization to decide access: pushed by the authorization
/// after each of its transitions, applied only when newer than what the workspace has.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.AuthorizationAccess")]
public sealed record AuthorizationAccess(
    [property: Id(0)] string AuthorizationId,
    [property: Id(1)] long Version,
    [property: Id(2)] AuthorizationStatus Status,
    [property: Id(3)] string UnitId,
    [property: Id(4)] string DomainId,
    [property: Id(5)] IReadOnlyList<string> Datasets,
    [property: Id(6)] Term? Term,
    [property: Id(7)] string? Renews,
    [property: Id(8)] string? RenewedBy = null);

/// <summary>The evidence of a deletion: the SHA-256 of the manifest of what was deleted, when and by whom.</summary>
[GenerateSerializer, Immutable, Alias("domains.DeletionCertificateView")]
public sealed record DeletionCertificateView(
    [property: Id(0)] string ManifestSha256,
    [property: Id(1)] DateTimeOffset DeletedAt,
    [property: Id(2)] string Operator,
    [property: Id(3)] string? Manifest);

[GenerateSerializer, Immutable, Alias("domains.DeletionView")]
public sealed record DeletionView(
    [property: Id(0)] DateTimeOffset RequestedAt,
    [property: Id(1)] DateTimeOffset? ConfirmedAt,
    [property: Id(2)] DeletionCertificateView? Certificate);

[GenerateSerializer, Immutable, Alias("domains.WorkspaceView")]
public sealed record WorkspaceView(
    [property: Id(0)] string Id,
    [property: Id(1)] WorkspaceStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] bool AccessOpen,
    [property: Id(6)] string DomainId,
    [property: Id(7)] string UnitId,
    [property: Id(8)] DateTimeOffset? ProvisionedAt,
    [property: Id(9)] DateTimeOffset? ClosedAt,
    [property: Id(10)] string? HandedOverTo,
    [property: Id(11)] string? HandedOverFrom,
    [property: Id(12)] DeletionView? Deletion,
    [property: Id(13)] DateTimeOffset? LogRetentionUntil,
    [property: Id(14)] DateTimeOffset? LogsPurgedAt,
    [property: Id(15)] Enforcement Enforcement,
    [property: Id(16)] string? ResourcesJson,
    [property: Id(17)] string Driver,
    [property: Id(18)] string ResourceKey = "");

/// <summary>
/// What a handed-over workspace gives its renewal: its resources, the key they carry, and the prior's
/// term, under which access continues until the renewal's own term starts.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.WorkspaceHandover")]
public sealed record WorkspaceHandover(
    [property: Id(0)] string ResourceKey,
    [property: Id(1)] string? ResourcesJson,
    [property: Id(2)] DateTimeOffset? ProvisionedAt,
    [property: Id(3)] Term? Term = null);
