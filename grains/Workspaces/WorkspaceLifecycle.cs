using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Workspaces.WorkspaceCommand;
using static Domains.GrainInterfaces.Workspaces.WorkspaceStatus;

namespace Domains.Grains.Workspaces;

/// <summary>
/// The workspace table (DOMAIN.md §3). <see cref="Open"/> (provisioning) and <see cref="TakeOver"/>
/// (a renewal's workspace, active at once) create it outside the table. An end is two rows recorded
/// one after the other: closed, then deleting at once.
/// </summary>
public static class WorkspaceLifecycle
{
    public static readonly LifecycleTable<WorkspaceStatus, WorkspaceCommand> Table = new(
        allowed: new Dictionary<(WorkspaceStatus, WorkspaceCommand), WorkspaceStatus>
        {
            [(Provisioning, ConfirmProvisioned)] = Active,
            [(Provisioning, ProvisioningTimeout)] = ProvisioningFailed,
            [(ProvisioningFailed, RetryProvisioning)] = Provisioning,
            [(Active, Suspend)] = Suspended,
            [(Suspended, Reinstate)] = Active,
            [(Provisioning, Close)] = Closed,
            [(ProvisioningFailed, Close)] = Closed,
            [(Active, Close)] = Closed,
            [(Suspended, Close)] = Closed,
            [(Closed, StartDeletion)] = Deleting,
            [(Deleting, ConfirmDeletion)] = Deleted,
            [(Deleted, PurgeLogs)] = Purged,
            [(Active, HandOver)] = HandedOver,
            [(Suspended, HandOver)] = HandedOver,
        },
        ignored:
        [
            // Callbacks and outbox calls are retried by their senders until they hear an answer.
            (Active, ConfirmProvisioned),
            (Suspended, ConfirmProvisioned),
            (Deleted, ConfirmDeletion),
            (Purged, ConfirmDeletion),
            (Purged, PurgeLogs),
            (HandedOver, HandOver),
        ]);

    public static Decision<WorkspaceStatus> Decide(WorkspaceStatus from, WorkspaceCommand command) => Table.Decide(from, command);
}
