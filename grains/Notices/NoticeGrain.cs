using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Notices;
using Domains.Grains.Clock;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Storage;

namespace Domains.Grains.Notices;

public sealed class NoticeGrain(
    [PersistentState(StorageNames.NoticeState, StorageNames.Main)] IPersistentState<NoticeState> state,
    BusinessClock clock,
    IEntityJournal journal)
    : LifecycleGrain<NoticeState, NoticeView, NoticeStatus, NoticeCommand>(state, clock, journal), INoticeGrain
{
    public const string CloseKind = "notice-close";

    /// <summary>Authorizations take places without a request of their own, so the controller acts.</summary>
    private static readonly CommandContext Internal = CommandContext.For(Actor.System);

    protected override string EntityTypeName => EntityTypes.Notice;

    protected override LifecycleTable<NoticeStatus, NoticeCommand> Table => NoticeLifecycle.Table;

    public Task<NoticeView?> GetAsync() => Task.FromResult(ViewIfExists());

    public Task<CommandResult<NoticeView>> DefineAsync(NoticeDefinition definition, CommandContext context)
    {
        var normalized = definition with
        {
            OpensAt = ClockExtensions.Truncate(definition.OpensAt),
            ClosesAt = ClockExtensions.Truncate(definition.ClosesAt),
        };
        if (!Exists)
        {
            return ExecuteAsync(context, Kebab.Name(NoticeCommand.Define), _ => Outcome.Transition(() =>
            {
                State.Status = NoticeStatus.Draft;
                State.Definition = normalized;
            }));
        }

        return RunAsync(NoticeCommand.Define, context, _ => State.Definition = normalized);
    }

    public async Task<CommandResult<NoticeView>> PublishAsync(CommandContext context)
    {
        var result = await RunAsync(NoticeCommand.Publish, context, now =>
        {
            State.PublishedAt = now;
            State.Deadlines.Add(new Deadline(CloseKind, State.Definition!.ClosesAt));
        });

        // A window that already ended closes at once, through the same deadline path as every other close.
        if (result.IsSuccess && State.Deadlines.Exists(d => d.Kind == CloseKind && d.DueAt <= Clock.Now()))
        {
            await OnDeadlinesDueAsync();
        }
        return result;
    }

    public Task<CommandResult<NoticeView>> WithdrawAsync(CommandContext context) =>
        RunAsync(NoticeCommand.Withdraw, context, now =>
        {
            State.WithdrawnAt = now;
            State.Deadlines.RemoveAll(d => d.Kind == CloseKind);
        });

    public async Task<DomainError?> ReserveQuotaAsync(string authorizationId)
    {
        var result = await ExecuteAsync(Internal, "reserve-quota", _ =>
        {
            if (!Exists) return Outcome.Refuse(NotFound());
            if (State.QuotaHolders.Contains(authorizationId)) return Outcome.Ignore();
            if (State.Definition!.Quota is { } quota && State.QuotaHolders.Count >= quota)
            {
                return Outcome.Refuse(new DomainError(ErrorCodes.QuotaExhausted,
                    $"Notice '{Id}' has a quota of {quota} and all of its places are taken."));
            }
            return Outcome.Bookkeeping(() => State.QuotaHolders.Add(authorizationId));
        });
        return result.Error;
    }

    public Task ReleaseQuotaAsync(string authorizationId) =>
        ExecuteAsync(Internal, "release-quota", _ =>
            Exists && State.QuotaHolders.Contains(authorizationId)
                ? Outcome.Bookkeeping(() => State.QuotaHolders.Remove(authorizationId))
                : Outcome.Ignore());

    protected override string? OnDeadline(Deadline deadline, DateTimeOffset now)
    {
        if (deadline.Kind != CloseKind || NoticeLifecycle.Decide(State.Status, NoticeCommand.Close) is not { Kind: DecisionKind.Allowed } decision)
        {
            return null;
        }
        State.ClosedAt = now;
        State.Status = decision.To;
        return Kebab.Name(NoticeCommand.Close);
    }

    protected override NoticeView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, State.Definition!, State.PublishedAt,
        State.QuotaHolders.Count);

    /// <summary>
    /// The public list shows a notice only while it is published, so the row carries its publication and its
    /// public projection only then; a notice's view is all public (its definition, its state, a count of holders).
    /// </summary>
    protected override ResourceRow? ToResourceRow()
    {
        if (!Exists) return null;
        var json = ToJson(ToView());
        var published = State.Status == NoticeStatus.Published;
        return new ResourceRow(EntityTypes.Notice, Id, State.Version, StateName, null, null, published ? State.PublishedAt : null, json,
            published ? json : null);
    }
}
