using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Audit;
using Domains.Grains.Clock;
using Domains.Grains.Deadlines;
using Domains.Grains.Journal;

namespace Domains.Grains.Entity;

/// <summary>
/// The pattern every entity grain follows: decide, save, then act. A command checks its idempotency
/// key and <c>If-Match</c>, asks the lifecycle, mutates the state with its audit event and deadlines,
/// saves the state in one write, and only then appends the audit events and updates the deadline index.
/// Those side effects are idempotent and driven by the saved state, so a crash between the save and
/// them is repaired on the next activation or command: each transition gets exactly one audit event.
/// </summary>
public abstract class EntityGrain<TState, TView>(
    IPersistentState<TState> store, BusinessClock clock, IEntityJournal journal) : Grain, IDeadlineTarget
    where TState : EntityState<TView>, new()
    where TView : class
{
    /// <summary>How long the answer to an <c>Idempotency-Key</c> is kept, and how many of them at most.</summary>
    private static readonly TimeSpan IdempotencyRetention = TimeSpan.FromHours(24);
    private const int IdempotencyCapacity = 100;

    /// <summary>A bound on deadlines handled in one call; a handler that keeps adding due ones is a bug.</summary>
    private const int MaxDeadlinesPerCall = 10_000;

    protected TState State => store.State;

    protected BusinessClock Clock => clock;

    protected string Id => this.GetPrimaryKeyString();

    protected bool Exists => State.Version > 0;

    protected abstract string EntityTypeName { get; }

    /// <summary>The kebab-case name of the current state, as audit and the API spell it.</summary>
    protected abstract string StateName { get; }

    protected abstract TView ToView();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => FlushOutboxAsync();

    public async Task OnDeadlinesDueAsync()
    {
        await FlushOutboxAsync();
        var before = State.Deadlines.ToList();
        var now = clock.Now();
        var handled = 0;
        while (handled < MaxDeadlinesPerCall
               && State.Deadlines.Where(d => d.DueAt <= now).MinBy(d => d.DueAt) is { } due)
        {
            State.Deadlines.Remove(due);
            var from = StateName;
            if (OnDeadline(due, now) is { } action)
            {
                RecordTransition(action, from, Actor.System, $"{due.Kind} due {AuditHasher.FormatInstant(due.DueAt)}", now);
            }
            handled++;
        }

        if (handled > 0)
        {
            await PersistAsync(before);
        }
        else
        {
            // Called for an index row the state no longer holds (a save that failed after the row was added).
            await journal.RemoveDeadlinesExceptAsync(EntityTypeName, Id, State.Deadlines);
        }
    }

    /// <summary>
    /// Handles one due deadline (already removed from the state). Returns the audit action when it
    /// changed the entity's state, or <c>null</c> when it only did bookkeeping (a notice, the next deadline).
    /// </summary>
    protected virtual string? OnDeadline(Deadline deadline, DateTimeOffset now) => null;

    protected TView? ViewIfExists() => Exists ? ToView() : null;

    /// <summary>Runs a command through the whole pattern; <paramref name="decide"/> sees the state after the guards.</summary>
    protected async Task<CommandResult<TView>> ExecuteAsync(CommandContext context, string action, Func<DateTimeOffset, Outcome> decide)
    {
        await FlushOutboxAsync();
        var now = clock.Now();

        if (context.IdempotencyKey is { } key && State.Idempotency.Find(e => e.Key == key) is { } first)
        {
            return first.RequestHash == context.RequestHash
                ? first.ToResult()
                : CommandResult<TView>.Failure(DomainError.IdempotencyKeyReused(key));
        }

        if (context.ExpectedVersion is { } expected && expected != State.Version)
        {
            return CommandResult<TView>.Failure(DomainError.VersionMismatch(expected, State.Version));
        }

        var deadlinesBefore = State.Deadlines.ToList();
        var outcome = decide(now);
        CommandResult<TView> result;
        if (outcome.Error is { } error)
        {
            result = CommandResult<TView>.Failure(error);
            // A refusal changes nothing; it is remembered only so that a retry gets the same answer.
            if (context.IdempotencyKey is null || !Exists) return result;
        }
        else if (outcome.Apply is { } apply)
        {
            var created = !Exists;
            var from = created ? null : StateName;
            apply();
            RecordTransition(action, from, context.Actor, context.Reason, now);
            result = CommandResult<TView>.Success(ToView(), created);
        }
        else
        {
            result = CommandResult<TView>.Success(ToView());
            if (context.IdempotencyKey is null) return result;
        }

        Remember(context, result, now);
        await PersistAsync(deadlinesBefore);
        return result;
    }

    private void RecordTransition(string action, string? from, Actor actor, string? reason, DateTimeOffset now)
    {
        if (State.Version == 0) State.CreatedAt = now;
        State.Version++;
        State.UpdatedAt = now;
        var to = StateName;
        var hash = AuditHasher.Compute(EntityTypeName, Id, State.Version, action, from, to, actor.Subject, actor.RoleName, reason, now, State.LastAuditHash);
        State.PendingAudit.Add(new AuditRecord(
            EntityTypeName, Id, State.Version, action, from, to, actor.Subject, actor.RoleName, reason, now, State.LastAuditHash, hash));
        State.LastAuditHash = hash;
    }

    private void Remember(CommandContext context, CommandResult<TView> result, DateTimeOffset now)
    {
        if (context.IdempotencyKey is not { } key) return;
        State.Idempotency.RemoveAll(e => e.At < now - IdempotencyRetention);
        if (State.Idempotency.Count >= IdempotencyCapacity) State.Idempotency.RemoveAt(0);
        State.Idempotency.Add(new IdempotencyEntry<TView>
        {
            Key = key,
            RequestHash = context.RequestHash ?? "",
            At = now,
            Value = result.Value,
            Error = result.Error,
            Created = result.Created,
        });
    }

    /// <summary>
    /// Saves the state. New deadline rows go in before the save (a row without its deadline is harmless:
    /// the owner drops it when called), stale ones leave after it (a deadline must never lack its row).
    /// </summary>
    private async Task PersistAsync(IReadOnlyCollection<Deadline> before)
    {
        var after = State.Deadlines;
        var added = after.Except(before).ToList();
        if (added.Count > 0) await journal.AddDeadlinesAsync(EntityTypeName, Id, added);

        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            await ReloadAfterFailedWriteAsync();
            throw;
        }

        await FlushOutboxAsync();
        if (before.Except(after).Any()) await journal.RemoveDeadlinesExceptAsync(EntityTypeName, Id, after);
    }

    /// <summary>The write may or may not have landed: memory must follow storage, never the other way.</summary>
    private async Task ReloadAfterFailedWriteAsync()
    {
        try
        {
            await store.ReadStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Appends the saved-but-unconfirmed audit events. The list stays in stored state until the next
    /// save, so after a crash they are appended again: the append ignores an event already there.
    /// </summary>
    private async Task FlushOutboxAsync()
    {
        if (State.PendingAudit.Count == 0) return;
        await journal.AppendAuditAsync(State.PendingAudit);
        State.PendingAudit.Clear();
    }
}
