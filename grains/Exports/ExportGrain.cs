using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Exports;
using Domains.GrainInterfaces.Products;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Clock;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Domains.GrainInterfaces.Exports.ExportCommand;

namespace Domains.Grains.Exports;

/// <summary>
/// A reviewed export (DATAPLANE.md §5): results leave a domain only this way. On submission the controller
/// takes the table's copy and preview from one snapshot and keeps the copy under review; the authority
/// approves or rejects what it previewed; approval moves exactly that copy into the export store, with its
/// SHA-256 and row count, for the owning unit to download.
/// </summary>
public sealed class ExportGrain(
    [PersistentState(StorageNames.ExportState, StorageNames.Main)] IPersistentState<ExportState> state,
    BusinessClock clock,
    IEntityJournal journal,
    ExportStore store,
    IServiceProvider services,
    ILogger<ExportGrain> logger)
    : LifecycleGrain<ExportState, ExportView, ExportStatus, ExportCommand>(state, clock, journal), IExportGrain
{
    private const string DeliverEffect = "deliver";
    private const string DiscardEffect = "discard";
    private const int MaxChunk = 4 * 1024 * 1024;

    protected override string EntityTypeName => EntityTypes.Export;

    protected override LifecycleTable<ExportStatus, ExportCommand> Table => ExportLifecycle.Table;

    protected override string? OwnerUnit => Exists ? State.UnitId : null;

    public Task<ExportView?> GetAsync(Actor viewer) => Task.FromResult(ViewFor(viewer));

    public Task<CommandResult<ExportView>> SubmitAsync(ExportRequest request, CommandContext context) =>
        ExecuteAsync(context, Kebab.Name(Submit), async _ =>
        {
            if (Exists) return Outcome.Refuse(DomainError.InvalidTransition(StateName, Kebab.Name(Submit)));
            var workspace = await GrainFactory.GetGrain<IWorkspaceGrain>(request.WorkspaceId).GetAsync(context.Actor);
            if (workspace is null) return Outcome.Refuse(DomainError.NotFound($"Workspace '{request.WorkspaceId}'"));
            if (workspace.State != WorkspaceStatus.Active)
            {
                return Outcome.Refuse(new DomainError(ErrorCodes.InvalidTransition,
                    $"Exports are taken from an active workspace; '{workspace.Id}' is {Kebab.Name(workspace.State)}."));
            }
            if (ExportSources.Of(workspace.ResourcesJson) is not var (role, schema) || services.GetService<IExportCopier>() is not { } copier)
            {
                return Outcome.Refuse(new DomainError(ErrorCodes.InvalidTransition,
                    $"Workspace '{workspace.Id}' ({workspace.Driver} driver) has no schema the controller can export from."));
            }

            var table = request.Table;
            var dot = table.IndexOf('.', StringComparison.Ordinal);
            if (dot >= 0)
            {
                if (table[..dot] != schema)
                {
                    return Outcome.Refuse(new DomainError(ErrorCodes.ExportSchemaForbidden,
                        $"Only tables of the workspace's own schema '{schema}' leave the domain; '{table[..dot]}' is not it."));
                }
                table = table[(dot + 1)..];
            }
            if (request.ProductId is { } id
                && (await GrainFactory.GetGrain<IProductGrain>(id).GetAsync(Actor.System))?.AuthorizationId != workspace.Id)
            {
                return Outcome.Refuse(DomainError.Validation("productId", "is not a data product of this workspace's authorization"));
            }

            ExportPreview? preview = null;
            var sha256 = await store.WriteForReviewAsync(Id, async file =>
                preview = await copier.CopyAsync(new ExportSource(workspace.DomainId, role, schema, table), file));
            if (preview is null)
            {
                store.Discard(Id);
                return Outcome.Refuse(new DomainError(ErrorCodes.ExportTableMissing,
                    $"The workspace's schema '{schema}' has no table '{table}'."));
            }

            return Outcome.Transition(() =>
            {
                State.WorkspaceId = workspace.Id;
                State.UnitId = workspace.UnitId;
                State.Table = table;
                State.Purpose = request.Purpose;
                State.ProductId = request.ProductId;
                State.Preview = preview;
                State.ReviewedSha256 = sha256;
                State.Status = ExportStatus.Submitted;
            });
        });

    public Task<CommandResult<ExportView>> ApproveAsync(CommandContext context) =>
        RunAsync(Approve, context, now =>
        {
            Reviewed(context, now);
            Enqueue(new Effect(DeliverEffect));
        });

    public Task<CommandResult<ExportView>> RejectAsync(CommandContext context) =>
        RunAsync(Reject, context, now =>
        {
            Reviewed(context, now);
            Enqueue(new Effect(DiscardEffect));
        });

    public async Task<CommandResult<byte[]>> ReadFileAsync(Actor viewer, long offset, int count)
    {
        if (!IsVisibleTo(viewer) || viewer.Role != Role.Unit) return CommandResult<byte[]>.Failure(NotFound());
        if (State.Status != ExportStatus.Delivered)
        {
            return CommandResult<byte[]>.Failure(DomainError.InvalidTransition(StateName, "download"));
        }
        return CommandResult<byte[]>.Success(await store.ReadAsync(Id, Math.Max(0, offset), Math.Clamp(count, 1, MaxChunk)));
    }

    protected override async Task<bool> RunEffectAsync(Effect effect)
    {
        try
        {
            switch (effect.Kind)
            {
                case DeliverEffect when State.Status == ExportStatus.Approved:
                    var sha256 = await store.DeliverAsync(Id);
                    if (sha256 != State.ReviewedSha256)
                    {
                        // The copy changed after review: it is not delivered, whatever it now holds.
                        logger.LogError("Export {Export}: the reviewed copy hashes to {Actual}, not {Reviewed}; not delivered", Id, sha256, State.ReviewedSha256);
                        return false;
                    }
                    var to = ExportLifecycle.Decide(State.Status, Deliver).To;
                    FollowUp(Kebab.Name(Deliver), $"copied into the export store (sha256 {sha256})", () =>
                    {
                        State.Status = to;
                        State.Sha256 = sha256;
                        State.RowCount = State.Preview!.Rows;
                        State.DeliveredAt = Clock.Now();
                    });
                    return true;

                case DiscardEffect:
                    store.Discard(Id);
                    return true;

                default:
                    return true;
            }
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Export {Export}: {Effect} failed on the export store; retried later", Id, effect.Kind);
            return false;
        }
    }

    protected override ResourceRow? ToResourceRow() => Exists
        ? new ResourceRow(EntityTypeName, Id, State.Version, StateName, State.UnitId, State.WorkspaceId, null, ToJson(ToView()))
        : null;

    protected override ExportView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, State.WorkspaceId, State.UnitId, State.Table,
        State.Purpose, State.ProductId, State.Preview ?? new ExportPreview([], 0, []), State.RowCount, State.Sha256,
        State.DeliveredAt, State.ReviewNote, State.ReviewedAt);

    private void Reviewed(CommandContext context, DateTimeOffset now)
    {
        State.ReviewNote = context.Reason;
        State.ReviewedAt = now;
    }
}
