using Domains.GrainInterfaces.Workspaces;

namespace Domains.ClientApi.Contracts;

public sealed record WorkspaceResponse(
    string Id, WorkspaceStatus State, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool AccessOpen,
    string DomainId, string UnitId, DateTimeOffset? ProvisionedAt, DateTimeOffset? ClosedAt, string? HandedOverTo)
{
    public static WorkspaceResponse From(WorkspaceView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.AccessOpen, v.DomainId, v.UnitId, v.ProvisionedAt, v.ClosedAt, v.HandedOverTo);
}
