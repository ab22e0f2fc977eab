using Domains.GrainInterfaces.Deadlines;

namespace Domains.GrainInterfaces.Workspaces;

/// <summary>The workspace of one authorization (key: the authorization id).</summary>
[Alias("domains.IWorkspaceGrain")]
public interface IWorkspaceGrain : IDeadlineTarget
{
    /// <summary>
    /// Applies the authorization's current state: activation opens the workspace, suspension closes
    /// access, reinstatement reopens it, an end closes it, a renewal's activation hands it over. Ignores
    /// a snapshot older than the last one applied; returns once access follows the snapshot.
    /// </summary>
    [Alias("Sync")]
    Task SyncAsync(AuthorizationAccess access);

    [Alias("Get")]
    Task<WorkspaceView?> GetAsync(Actor viewer);
}
