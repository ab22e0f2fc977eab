using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Entity;

namespace Domains.Grains.Workspaces;

public sealed class WorkspaceState : LifecycleState<WorkspaceView, WorkspaceStatus>
{
    public AuthorizationAccess? Access { get; set; }

    public DateTimeOffset? ProvisionedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? HandedOverTo { get; set; }
}
