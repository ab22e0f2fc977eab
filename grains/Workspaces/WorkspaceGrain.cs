using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Clock;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Storage;

namespace Domains.Grains.Workspaces;

/// <summary>
/// The workspace as far as the authorization lifecycle needs it: it records whether access is open.
/// Provisioning drivers, deletion, log retention and the access-decision path replace this in the
/// workspace issue.
/// </summary>
public sealed class WorkspaceGrain(
    [PersistentState(StorageNames.WorkspaceState, StorageNames.Main)] IPersistentState<WorkspaceState> state,
    BusinessClock clock,
    IEntityJournal journal)
    : EntityGrain<WorkspaceState, WorkspaceView>(state, clock, journal), IWorkspaceGrain
{
    protected override string EntityTypeName => EntityTypes.Workspace;

    protected override string StateName => Lifecycle.Kebab.Name(State.Status);

    protected override string? OwnerUnit => State.Access?.UnitId;

    public Task<WorkspaceView?> GetAsync(Actor viewer) => Task.FromResult(ViewFor(viewer));

    public async Task SyncAsync(AuthorizationAccess access)
    {
        if (State.Access is { } known && known.Version >= access.Version) return;
        var target = access.Status switch
        {
            AuthorizationStatus.Active => WorkspaceStatus.Active,
            AuthorizationStatus.Suspended => WorkspaceStatus.Suspended,
            AuthorizationStatus.Superseded => WorkspaceStatus.HandedOver,
            _ when AuthorizationLifecycleEnded(access.Status) => WorkspaceStatus.Closed,
            _ => (WorkspaceStatus?)null,
        };
        var context = CommandContext.For(Actor.System, $"authorization {access.Status} (version {access.Version})");
        await ExecuteAsync(context, target is null ? "sync" : Lifecycle.Kebab.Name(target.Value), now =>
        {
            if (target is null || (Exists && target == State.Status)) return Outcome.Bookkeeping(() => State.Access = access);
            return Outcome.Transition(() =>
            {
                State.Access = access;
                State.Status = target.Value;
                if (target == WorkspaceStatus.Active) State.ProvisionedAt ??= now;
                if (target is WorkspaceStatus.Closed) State.ClosedAt ??= now;
            });
        });
    }

    private static bool AuthorizationLifecycleEnded(AuthorizationStatus status) =>
        Authorizations.AuthorizationLifecycle.Ended.Contains(status);

    protected override WorkspaceView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt,
        State.Status == WorkspaceStatus.Active && State.Access?.Status == AuthorizationStatus.Active,
        State.Access?.DomainId ?? "", State.Access?.UnitId ?? "", State.ProvisionedAt, State.ClosedAt, State.HandedOverTo);
}
