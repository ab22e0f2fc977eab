using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Datasets;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Lists;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Clock;
using Domains.Grains.Drivers;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Storage;

namespace Domains.Grains.Datasets;

/// <summary>
/// One entry of a domain's catalogue (DATAPLANE.md §2): a table the domain's data server holds, with its
/// sensitive columns and their treatment. Registered only when the table and every column exist there.
/// </summary>
public sealed class DatasetGrain(
    [PersistentState(StorageNames.DatasetState, StorageNames.Main)] IPersistentState<DatasetState> state,
    BusinessClock clock,
    IEntityJournal journal,
    IDataServerCatalog catalog)
    : EntityGrain<DatasetState, DatasetView>(state, clock, journal), IDatasetGrain
{
    private const string RefreshViews = "refresh-views";

    private static readonly IReadOnlyList<string> RefreshedStates = [Kebab.Name(WorkspaceStatus.Active), Kebab.Name(WorkspaceStatus.Suspended)];

    protected override string EntityTypeName => EntityTypes.Dataset;

    protected override string StateName => Kebab.Name(State.Status);

    private (string DomainId, string DatasetId) Key => DatasetKeys.Parse(Id);

    public Task<DatasetView?> GetAsync() => Task.FromResult(ViewIfExists());

    public Task<CommandResult<DatasetView>> RegisterAsync(DatasetDefinition definition, CommandContext context) =>
        ExecuteAsync(context, Exists ? "update" : "register", async _ =>
        {
            if (Exists && Same(State.Definition!, definition)) return Outcome.Ignore();
            if (!Exists)
            {
                var domain = GrainFactory.GetGrain<IDomainGrain>(Key.DomainId);
                if (await domain.ClaimDatasetViewAsync(Key.DatasetId) is { } holder)
                {
                    return Outcome.Refuse(new DomainError(ErrorCodes.DatasetViewTaken,
                        $"Dataset '{Key.DatasetId}' would be the view {DatasetKeys.ViewName(Key.DatasetId)} of dataset '{holder}' of domain '{Key.DomainId}'."));
                }
                Reserved(() => domain.ReleaseDatasetViewAsync(Key.DatasetId));
            }
            var missing = await catalog.FindMissingAsync(Key.DomainId, definition.Table, definition.SensitiveColumns.Select(c => c.Name).ToList());
            if (missing is not null) return Outcome.Refuse(new DomainError(ErrorCodes.DatasetTableMissing, missing));
            var changed = Exists;
            return Outcome.Transition(() =>
            {
                State.Status = DatasetStatus.Registered;
                State.Definition = definition;
                // Workspaces already reading it see the new table and treatments before the 200, not at their next provisioning.
                if (changed) Enqueue(new Effect(RefreshViews));
            });
        });

    /// <summary>Every live workspace of the domain is told, a page of the list table at a time; those authorized for it remake their views.</summary>
    protected override async Task<bool> RunEffectAsync(Effect effect)
    {
        if (effect.Kind != RefreshViews) return true;
        var list = GrainFactory.GetGrain<IResourceListGrain>(0);
        string? after = null;
        do
        {
            var page = await list.ListAsync(new ResourceQuery(EntityTypes.Workspace, ParentId: Key.DomainId, States: RefreshedStates, AfterId: after, Limit: 500));
            await Task.WhenAll(page.Items.Select(ViewJson.Deserialize<WorkspaceView>)
                .Select(w => GrainFactory.GetGrain<IWorkspaceGrain>(w.Id).RefreshDatasetAsync(Key.DatasetId)));
            after = page.NextCursor;
        }
        while (after is not null);
        return true;
    }

    protected override ResourceRow? ToResourceRow() => Exists
        ? new ResourceRow(EntityTypeName, Id, State.Version, StateName, null, Key.DomainId, null, ToJson(ToView()))
        : null;

    protected override DatasetView ToView() => new(Key.DatasetId, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, Key.DomainId, State.Definition!);

    private static bool Same(DatasetDefinition a, DatasetDefinition b) =>
        a.Title == b.Title && a.Department == b.Department && a.Classification == b.Classification && a.Table == b.Table
        && a.SensitiveColumns.SequenceEqual(b.SensitiveColumns);
}
