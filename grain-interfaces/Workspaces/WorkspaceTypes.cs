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
    [property: Id(7)] string? Renews);

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
    [property: Id(10)] string? HandedOverTo);
