using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Datasets;
using Domains.GrainInterfaces.Domains;
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
            return Outcome.Transition(() =>
            {
                State.Status = DatasetStatus.Registered;
                State.Definition = definition;
            });
        });

    protected override ResourceRow? ToResourceRow() => Exists
        ? new ResourceRow(EntityTypeName, Id, State.Version, StateName, null, Key.DomainId, null, ToJson(ToView()))
        : null;

    protected override DatasetView ToView() => new(Key.DatasetId, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, Key.DomainId, State.Definition!);

    private static bool Same(DatasetDefinition a, DatasetDefinition b) =>
        a.Title == b.Title && a.Department == b.Department && a.Classification == b.Classification && a.Table == b.Table
        && a.SensitiveColumns.SequenceEqual(b.SensitiveColumns);
}
