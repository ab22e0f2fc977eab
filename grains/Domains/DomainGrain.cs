using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Datasets;
using Domains.GrainInterfaces.Domains;
using Domains.Grains.Clock;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Storage;
using Domains.Grains.Workspaces;
using Domains.GrainInterfaces.Lists;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Drivers;

namespace Domains.Grains.Domains;

public sealed class DomainGrain(
    [PersistentState(StorageNames.DomainState, StorageNames.Main)] IPersistentState<DomainState> state,
    BusinessClock clock,
    IEntityJournal journal,
    DomainStatusClient statusClient,
    IWorkspaceDriver driver)
    : LifecycleGrain<DomainState, DomainView, DomainStatus, DomainCommand>(state, clock, journal), IDomainGrain
{
    private const string PublishStatus = "publish-status";
    private const string CloseWorkspaces = "close-workspaces";
    private const string ReopenWorkspaces = "reopen-workspaces";

    /// <summary>After a suspension's answer: each workspace applies its own (closed) target again.</summary>
    private const string AnnounceClosed = "announce-closed";

    private static readonly CommandContext Internal = CommandContext.For(Actor.System);

    /// <summary>
    /// Silos whose status replica holds this domain, besides every active silo. Kept in memory: after a
    /// deactivation every silo that asked is long an active member, and the publication reaches all of those.
    /// </summary>
    private readonly HashSet<SiloAddress> _watchers = [];

    protected override string EntityTypeName => EntityTypes.Domain;

    protected override LifecycleTable<DomainStatus, DomainCommand> Table => DomainLifecycle.Table;

    public Task<DomainView?> GetAsync() => Task.FromResult(ViewIfExists());

    public Task<DomainStatusStamp> WatchStatusAsync(SiloAddress watcher)
    {
        _watchers.Add(watcher);
        return Task.FromResult(Stamp);
    }

    private DomainStatusStamp Stamp => new(Id, State.Version, Exists && State.Status == DomainStatus.Operational);

    public Task<CommandResult<DomainView>> RegisterAsync(DomainDefinition definition, CommandContext context)
    {
        if (!Exists)
        {
            return ExecuteAsync(context, "register", _ => Outcome.Transition(() =>
            {
                State.Status = DomainStatus.Planned;
                State.Definition = definition;
            }));
        }

        return RunAsync(DomainCommand.Update, context, _ => State.Definition = definition);
    }

    public Task<CommandResult<DomainView>> ReportBuiltAsync(CommandContext context) =>
        RunAsync(DomainCommand.ReportBuilt, context, now => State.BuiltAt = now);

    public Task<CommandResult<DomainView>> AcceptAsync(string inspectionRef, CommandContext context) =>
        RunAsync(DomainCommand.Accept, context, now =>
        {
            State.InspectionRef = inspectionRef;
            State.AcceptedAt = now;
            Enqueue(new Effect(PublishStatus));
        });

    public Task<CommandResult<DomainView>> SuspendAsync(CommandContext context) =>
        RunAsync(DomainCommand.Suspend, context, now =>
        {
            State.Suspension = new DomainSuspensionView(context.Reason ?? "", now, context.Actor.Subject);
            Enqueue(new Effect(PublishStatus));
            // Physical, before the 200: every workspace login of the domain closed and its sessions ended, in one
            // statement; each workspace then records it (and closes again a login it reopened meanwhile) after the 200.
            Enqueue(new Effect(CloseWorkspaces));
            Enqueue(new Effect(AnnounceClosed, AfterAnswer: true));
        });

    public Task<CommandResult<DomainView>> ResumeAsync(CommandContext context) =>
        RunAsync(DomainCommand.Resume, context, _ =>
        {
            State.Suspension = null;
            Enqueue(new Effect(PublishStatus));
            Enqueue(new Effect(ReopenWorkspaces));
        });

    /// <summary>A domain is retired only when it hosts no live workspace (DOMAIN.md §3).</summary>
    public Task<CommandResult<DomainView>> RetireAsync(CommandContext context) =>
        RunAsync(DomainCommand.Retire, context, _ => Enqueue(new Effect(PublishStatus)), async _ =>
        {
            var live = await GrainFactory.GetGrain<IResourceListGrain>(0).CountAsync(
                new ResourceQuery(EntityTypes.Workspace, ParentId: Id, States: WorkspaceGrain.LiveStates));
            return live == 0
                ? null
                : DomainError.InvalidTransition(StateName, $"retire (the domain still hosts {live} live workspace(s))");
        });

    /// <summary>
    /// Publishes the status to every active silo and every watcher not known to be gone, before the change
    /// is acknowledged: a silo that does not answer fails the command (the effect stays and is retried)
    /// until it answers or membership declares it dead.
    /// </summary>
    protected override async Task<bool> RunEffectAsync(Effect effect)
    {
        if (effect.Kind == CloseWorkspaces)
        {
            await CloseWorkspaceLoginsAsync();
            return true;
        }
        if (effect.Kind is AnnounceClosed or ReopenWorkspaces)
        {
            await AnnounceToWorkspacesAsync(open: effect.Kind == ReopenWorkspaces);
            return true;
        }
        if (effect.Kind != PublishStatus) return true;
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        _watchers.RemoveWhere(silo => hosts.TryGetValue(silo, out var status) && status.IsTerminating());
        var targets = hosts.Where(h => h.Value == SiloStatus.Active).Select(h => h.Key).Union(_watchers);
        var stamp = Stamp;
        await Task.WhenAll(targets.Select(silo => statusClient.On(silo).PublishAsync(stamp)));
        return true;
    }

    /// <summary>
    /// Closes every login of the domain's live workspaces and ends their sessions, in one statement per page of the
    /// list table. A failure fails the command; the effect stays and is retried (the deadline of the outbox).
    /// </summary>
    private async Task CloseWorkspaceLoginsAsync()
    {
        if (State.Status != DomainStatus.Suspended) return;
        await ForEachLiveWorkspacePageAsync(open: false, targets => driver.SetDomainAccessAsync(Id, false, targets));
    }

    /// <summary>
    /// Tells each live workspace that the domain was suspended (after the close) or resumed: each applies its own
    /// target on the data server in its own turn, so a resumption reopens exactly those whose own state allows
    /// access (active, authorization active: <see cref="WorkspaceView.AccessOpen"/>), and a race with a workspace's
    /// own change cannot leave a login open. A failure fails the effect; it stays and is retried.
    /// </summary>
    private async Task AnnounceToWorkspacesAsync(bool open)
    {
        if (State.Status != (open ? DomainStatus.Operational : DomainStatus.Suspended)) return;
        await ForEachLiveWorkspacePageAsync(open, targets =>
            Task.WhenAll(targets.Select(w => GrainFactory.GetGrain<IWorkspaceGrain>(w.WorkspaceId).DomainStatusChangedAsync())));
    }

    /// <summary>The domain's live workspaces (for a reopening, those whose own state allows access), a page of the list table at a time.</summary>
    private async Task ForEachLiveWorkspacePageAsync(bool open, Func<IReadOnlyList<WorkspaceTarget>, Task> act)
    {
        var list = GrainFactory.GetGrain<IResourceListGrain>(0);
        string? after = null;
        do
        {
            var page = await list.ListAsync(new ResourceQuery(EntityTypes.Workspace, ParentId: Id, States: WorkspaceGrain.LiveStates, AfterId: after, Limit: 500));
            var targets = page.Items.Select(ViewJson.Deserialize<WorkspaceView>)
                .Where(w => !open || w.AccessOpen)
                .Where(w => w.ResourceKey.Length > 0 || w.State != WorkspaceStatus.Provisioning)
                .Select(w => new WorkspaceTarget(w.Id, w.ResourceKey.Length > 0 ? w.ResourceKey : w.Id, w.UnitId, Id, [], w.Version))
                .ToList();
            await act(targets);
            after = page.NextCursor;
        }
        while (after is not null);
    }

    public async Task<string?> ClaimDatasetViewAsync(string datasetId)
    {
        if (!Exists) return null;
        var view = DatasetKeys.ViewName(datasetId);
        if (State.DatasetViews.TryGetValue(view, out var holder)) return holder == datasetId ? null : holder;
        // A dataset catalogued before the domain kept the names is found in the list table (and kept from now on).
        var owner = await CataloguedWithViewAsync(view) ?? datasetId;
        await ExecuteAsync(Internal, "claim-dataset-view", _ => Outcome.Bookkeeping(() => State.DatasetViews[view] = owner));
        return owner == datasetId ? null : owner;
    }

    public Task ReleaseDatasetViewAsync(string datasetId) =>
        ExecuteAsync(Internal, "release-dataset-view", _ =>
            State.DatasetViews.TryGetValue(DatasetKeys.ViewName(datasetId), out var holder) && holder == datasetId
                ? Outcome.Bookkeeping(() => State.DatasetViews.Remove(DatasetKeys.ViewName(datasetId)))
                : Outcome.Ignore());

    private async Task<string?> CataloguedWithViewAsync(string view)
    {
        var list = GrainFactory.GetGrain<IResourceListGrain>(0);
        string? after = null;
        do
        {
            var page = await list.ListAsync(new ResourceQuery(EntityTypes.Dataset, ParentId: Id, AfterId: after, Limit: 500));
            if (page.Items.Select(ViewJson.Deserialize<DatasetView>).FirstOrDefault(d => DatasetKeys.ViewName(d.Id) == view) is { } found)
            {
                return found.Id;
            }
            after = page.NextCursor;
        }
        while (after is not null);
        return null;
    }

    protected override DomainView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, State.Definition!,
        State.BuiltAt, State.InspectionRef, State.AcceptedAt, State.Suspension);

    protected override ResourceRow? ToResourceRow() => Exists
        ? new ResourceRow(EntityTypeName, Id, State.Version, StateName, null, null, null, ToJson(ToView()))
        : null;
}
