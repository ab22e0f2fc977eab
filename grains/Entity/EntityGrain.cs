using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Audit;
using Domains.Grains.Clock;
using Domains.Grains.Deadlines;
using Domains.Grains.Journal;
using Domains.Grains.Notifications;
using Domains.Grains.Storage;
using Domains.Grains.Telemetry;

namespace Domains.Grains.Entity;

/// <summary>
/// The pattern every entity grain follows: decide, save, then act. A command checks its idempotency
/// key and <c>If-Match</c>, decides, mutates the state together with its audit event, inbox notices,
/// calls to other grains and deadlines, and saves it all in one transaction: the state row, the audit
/// events, the notices, its list row and its deadline index rows (<see cref="EntityGrainStorage"/>, one
/// commit shared with other grains saving at the same moment). Only the calls to other grains (the
/// outbox, <see cref="Effect"/>) are made after the save; they stay in the state until made, with a retry
/// deadline, so a crash or failed call is repaired on the next activation, command or deadline. Their
/// delivered mark rides with the next save (or a write of its own when the grain deactivates). The caller
/// hears success only after the commit and the calls.
/// </summary>
public abstract class EntityGrain<TState, TView>(
    IPersistentState<TState> store, BusinessClock clock, IEntityJournal journal) : Grain, IDeadlineTarget
    where TState : EntityState<TView>, new()
    where TView : class
{
    /// <summary>An internal deadline that brings an idle grain back to retry calls that failed after its save.</summary>
    public const string OutboxRetryKind = InternalDeadlines.OutboxRetry;

    private static readonly TimeSpan OutboxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>A change decided while the outbox was delivered, saved as soon as that delivery ends.</summary>
    private bool _followUpPending;

    /// <summary>The deadline index rows this entity's stored state has (each write adds and removes the difference).</summary>
    private HashSet<Deadline> _storedDeadlines = [];

    /// <summary>Calls of the outbox were made since the last save: the stored state still lists them.</summary>
    private bool _outboxMarkUnsaved;

    /// <summary>Answers decided but not yet saved: the next write stores them (the command's own save).</summary>
    private readonly List<IdempotencyEntry<TView>> _unsavedAnswers = [];

    /// <summary>What the command being decided claimed on other grains, and how to give each back.</summary>
    private List<Func<Task>>? _reservations;

    /// <summary>The calls queued after the answer wait for this timer (one tick, right after the current call).</summary>
    private IGrainTimer? _afterAnswer;

    /// <summary>A bound on deadlines handled in one call; a handler that keeps adding due ones is a bug.</summary>
    private const int MaxDeadlinesPerCall = 10_000;

    protected TState State => store.State;

    protected BusinessClock Clock => clock;

    protected string Id => this.GetPrimaryKeyString();

    protected bool Exists => State.Version > 0;

    protected abstract string EntityTypeName { get; }

    protected string EntityName => $"{EntityTypeName}/{Id}";

    /// <summary>The kebab-case name of the current state, as audit and the API spell it.</summary>
    protected abstract string StateName { get; }

    /// <summary>The unit that owns this entity; another unit is told it does not exist.</summary>
    protected virtual string? OwnerUnit => null;

    protected abstract TView ToView();

    /// <summary>The entity's row in the list table, or <c>null</c> for an entity that is not listed.</summary>
    protected virtual ResourceRow? ToResourceRow() => null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _storedDeadlines = [.. State.Deadlines];
        if (!State.OutboxPending) return;
        try
        {
            try
            {
                await DeliverStoredOutboxAsync();
            }
            catch (Exception first) when (DatabaseFailures.IsBrokenConnection(first))
            {
                // A connection a PostgreSQL restart cut (Npgsql has dropped it and its pool): every delivery is
                // idempotent, so the activation tries once more rather than fail the first call after the restart.
                await DeliverStoredOutboxAsync();
            }
        }
        catch (Exception ex) when (DatabaseFailures.IsDatabaseFailure(ex))
        {
            // An activation's failure reaches the waiting callers as it is, past every grain call filter,
            // and the driver's exceptions have no codec: the outage must cross as our own exception.
            throw new StorageUnavailableException($"The database is unavailable: {ex.GetBaseException().Message}");
        }
    }

    /// <summary>The delivered mark of calls made since the last save is written before the activation goes.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_outboxMarkUnsaved) return;
        try
        {
            await PersistAsync(clock.Now());
        }
        catch (Exception)
        {
            // The calls are idempotent: unmarked, they are made again by the next activation.
        }
    }

    public async Task OnDeadlinesDueAsync()
    {
        await RunPendingEffectsAsync();
        var now = clock.Now();
        var handled = new List<Deadline>();
        while (handled.Count < MaxDeadlinesPerCall
               && State.Deadlines.Where(d => d.DueAt <= now).MinBy(d => d.DueAt) is { } due)
        {
            State.Deadlines.Remove(due);
            var from = StateName;
            var view = due.Kind == OutboxRetryKind ? null : ViewJsonIfExists();
            if (due.Kind != OutboxRetryKind && OnDeadline(due, now) is { } action)
            {
                RecordTransition(action, from, Actor.System, $"{due.Kind} due {AuditHasher.FormatInstant(due.DueAt)}", now, view);
            }
            handled.Add(due);
        }

        if (handled.Count > 0)
        {
            await PersistAsync(now);
            // Counted once saved: a failed save leaves the deadlines due, and the next sweep counts them.
            foreach (var due in handled) DomainsMetrics.DeadlineHandled(EntityTypeName, due.Kind, now - due.DueAt);
        }
        else
        {
            // Called for an index row the state no longer holds (a save that failed after the row was added).
            await journal.RemoveDeadlinesExceptAsync(EntityTypeName, Id, State.Deadlines);
            _storedDeadlines = [.. State.Deadlines];
        }
    }

    /// <summary>
    /// Handles one due deadline (already removed from the state). Returns the audit action when it
    /// changed the entity's state, or <c>null</c> when it only did bookkeeping (a notice, the next deadline).
    /// </summary>
    protected virtual string? OnDeadline(Deadline deadline, DateTimeOffset now) => null;

    /// <summary>
    /// Makes one call of the outbox; must be safe to repeat. Returns false to keep it for a later try (the
    /// retry deadline wakes the grain) without failing the command; throws to fail the command.
    /// </summary>
    protected virtual Task<bool> RunEffectAsync(Effect effect) => Task.FromResult(true);

    /// <summary>Whether <paramref name="viewer"/> may see this entity (a unit sees only its own).</summary>
    protected bool IsVisibleTo(Actor viewer) =>
        Exists && (viewer.Role != Role.Unit || OwnerUnit is null || OwnerUnit == viewer.UnitId);

    protected TView? ViewFor(Actor viewer) => IsVisibleTo(viewer) ? ToView() : null;

    protected TView? ViewIfExists() => Exists ? ToView() : null;

    protected DomainError NotFound() => DomainError.NotFound($"{char.ToUpperInvariant(EntityTypeName[0])}{EntityTypeName[1..]} '{Id}'");

    /// <summary>Queues an inbox notice; <paramref name="about"/> makes its id (same notice, same id).</summary>
    protected void Notify(string kind, string recipient, string subject, string about, DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{EntityName}\n{kind}\n{recipient}\n{about}")))[..32];
        if (State.PendingNotifications.Exists(n => n.Id == id)) return;
        State.PendingNotifications.Add(new Notification(id, kind, recipient, EntityName, now, subject));
    }

    protected void Enqueue(Effect effect) => State.PendingEffects.Add(effect);

    protected Task<CommandResult<TView>> ExecuteAsync(CommandContext context, string action, Func<DateTimeOffset, Outcome> decide) =>
        ExecuteAsync(context, action, now => Task.FromResult(decide(now)));

    /// <summary>
    /// Runs a command through the whole pattern. <paramref name="decide"/> sees the state after the
    /// idempotency and version guards; it may ask other grains, but must not mutate anything before it
    /// returns a transition (whose <see cref="Outcome.Apply"/> does the mutating).
    /// </summary>
    protected async Task<CommandResult<TView>> ExecuteAsync(CommandContext context, string action, Func<DateTimeOffset, Task<Outcome>> decide)
    {
        await RunPendingEffectsAsync();
        var now = clock.Now();

        if (Exists && context.Actor.Role == Role.Unit && OwnerUnit is { } owner && owner != context.Actor.UnitId)
        {
            return Refuse(action, NotFound());
        }

        if (context.IdempotencyKey is { } key && await FindAnswerAsync(key, context.Actor) is { } first)
        {
            return first.RequestHash == context.RequestHash
                ? first.ToResult(ToView)
                : CommandResult<TView>.Failure(DomainError.IdempotencyKeyReused(key));
        }

        if (context.ExpectedVersion is { } expected && expected != State.Version)
        {
            return Refuse(action, DomainError.VersionMismatch(expected, State.Version));
        }

        _reservations = null;
        var outcome = await decide(now);
        var reservations = _reservations;
        _reservations = null;
        CommandResult<TView> result;
        if (outcome.Error is { } error)
        {
            // A guard after a reservation refused: nothing holds what was claimed.
            if (reservations is not null) await ReleaseAsync(reservations);
            result = Refuse(action, error);
            // A refusal changes nothing; it is remembered only so that a retry gets the same answer.
            if (context.IdempotencyKey is null || !Exists) return result;
        }
        else if (outcome.Apply is { } bookkeeping && !outcome.Audited)
        {
            bookkeeping();
            result = CommandResult<TView>.Success(ToView());
        }
        else if (outcome.Apply is { } apply)
        {
            var created = !Exists;
            var from = created ? null : StateName;
            var view = ViewJsonIfExists();
            apply();
            RecordTransition(action, from, context.Actor, context.Reason, now, view);
            result = CommandResult<TView>.Success(ToView(), created);
        }
        else
        {
            DomainsMetrics.Ignored(EntityTypeName, action);
            result = CommandResult<TView>.Success(ToView());
            if (context.IdempotencyKey is null) return result;
        }

        Remember(context, result, now);
        var etag = store.Etag;
        try
        {
            await PersistAsync(now);
        }
        catch when (reservations is not null)
        {
            // Memory follows storage after a failed write: the same ETag means the decision was not saved.
            if (store.Etag == etag) await ReleaseAsync(reservations);
            throw;
        }
        return result;
    }

    /// <summary>
    /// Records that the decision being made claimed something on another grain (a quota slot, a live application)
    /// before its own save: <paramref name="release"/> gives it back if the decision is refused after all or its
    /// save does not land, so a retry does not meet its own phantom. Called from inside <c>decide</c> or a guard.
    /// A silo dying between the claim and the save still leaves it claimed.
    /// </summary>
    protected void Reserved(Func<Task> release) => (_reservations ??= []).Add(release);

    private static async Task ReleaseAsync(List<Func<Task>> reservations)
    {
        foreach (var release in reservations)
        {
            try
            {
                await release();
            }
            catch (Exception)
            {
                // Best effort: the claim stays, as it did before reservations were given back.
            }
        }
    }

    /// <summary>A refusal, counted; a replayed answer is not counted again.</summary>
    private CommandResult<TView> Refuse(string action, DomainError error)
    {
        DomainsMetrics.Refused(EntityTypeName, action, error.Code);
        return CommandResult<TView>.Failure(error);
    }

    /// <param name="before">The entity's view as JSON before the transition (null when it did not exist), for the change digest.</param>
    private void RecordTransition(string action, string? from, Actor actor, string? reason, DateTimeOffset now, string? before)
    {
        if (State.Version == 0) State.CreatedAt = now;
        State.Version++;
        State.UpdatedAt = now;
        var to = StateName;
        var changes = AuditDigest.Compute(before, ViewJson.Serialize(ToView()));
        var hash = AuditHasher.Compute(EntityTypeName, Id, State.Version, action, from, to, actor.Subject, actor.RoleName, reason, now, State.LastAuditHash, changes);
        State.PendingAudit.Add(new AuditRecord(
            EntityTypeName, Id, State.Version, action, from, to, actor.Subject, actor.RoleName, reason, now, State.LastAuditHash, hash, changes));
        State.LastAuditHash = hash;
    }

    /// <summary>The view as the change digest compares it, or null before the entity exists.</summary>
    private string? ViewJsonIfExists() => Exists ? ViewJson.Serialize(ToView()) : null;

    /// <summary>
    /// The first answer given to <paramref name="caller"/>'s <paramref name="key"/>: in the state (as states stored
    /// before the table hold them) or in <c>idempotency_answers</c>, asked only once this entity has answered a key.
    /// </summary>
    private async Task<IdempotencyEntry<TView>?> FindAnswerAsync(string key, Actor caller)
    {
        if (State.Idempotency.Find(e => e.Key == key && e.IsFrom(caller)) is { } inState) return inState;
        if (State.AnswersGiven == 0) return null;
        foreach (var stored in await journal.FindAnswersAsync(EntityTypeName, Id, key))
        {
            var entry = JsonSerializer.Deserialize<IdempotencyEntry<TView>>(stored.Answer, JsonGrainStorageSerializer.Options);
            if (entry is not null && entry.IsFrom(caller)) return entry;
        }
        return null;
    }

    private void Remember(CommandContext context, CommandResult<TView> result, DateTimeOffset now)
    {
        if (context.IdempotencyKey is not { } key) return;
        _unsavedAnswers.Add(new IdempotencyEntry<TView>
        {
            Key = key,
            Caller = IdempotencyEntry<TView>.CallerOf(context.Actor),
            RequestHash = context.RequestHash ?? "",
            At = now,
            Value = result.Value,
            Error = result.Error,
            Created = result.Created,
        });
    }

    /// <summary>
    /// The answers this write stores, each in the next slot: those still in the state (moved out of it by this
    /// write) and those just decided. An answer over <see cref="IdempotencyLimits.AnswerSizeLimit"/> keeps its outcome only.
    /// </summary>
    private List<IdempotencyAnswer> TakeAnswers()
    {
        var answers = new List<IdempotencyAnswer>(State.Idempotency.Count + _unsavedAnswers.Count);
        foreach (var entry in State.Idempotency.Concat(_unsavedAnswers))
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(entry, JsonGrainStorageSerializer.Options);
            if (json.Length > IdempotencyLimits.AnswerSizeLimit && entry.Value is not null)
            {
                entry.Value = default;
                entry.Compacted = true;
                json = JsonSerializer.SerializeToUtf8Bytes(entry, JsonGrainStorageSerializer.Options);
            }
            var slot = (short)(State.AnswersGiven++ % IdempotencyLimits.Capacity);
            answers.Add(new IdempotencyAnswer(slot, entry.Caller ?? "", entry.Key, entry.RequestHash, json));
        }
        State.Idempotency.Clear();
        _unsavedAnswers.Clear();
        return answers;
    }

    /// <summary>
    /// Saves the state and what its transition produced in one transaction: the audit events, notices and list
    /// row, the deadline index rows added and removed since the last save (a deadline never lacks its row, a row
    /// never outlives its deadline but by a crash between a call and its mark). Then makes the outbox's calls;
    /// calls carry a retry deadline, so an idle grain whose call failed is woken to try again.
    /// </summary>
    private async Task PersistAsync(DateTimeOffset now)
    {
        if (State.PendingEffects.Count > 0 && !State.Deadlines.Exists(d => d.Kind == OutboxRetryKind))
        {
            State.Deadlines.Add(new Deadline(OutboxRetryKind, now + OutboxRetryDelay));
        }
        State.OutboxPending = State.PendingEffects.Count > 0;
        var audit = State.PendingAudit.ToList();
        var added = State.Deadlines.Where(d => !_storedDeadlines.Contains(d)).ToList();
        var removed = _storedDeadlines.Any(d => !State.Deadlines.Contains(d));
        var answers = TakeAnswers();
        State.Outgoing = new JournalDelivery(EntityTypeName, Id, audit, State.PendingNotifications.ToList(), ToResourceRow(),
            removed ? State.Deadlines.ToList() : null, added, answers);
        // Delivered by this very write: the stored state never holds them.
        State.PendingAudit.Clear();
        State.PendingNotifications.Clear();
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            State.Outgoing = null;
            await ReloadAfterFailedWriteAsync();
            throw;
        }
        State.Outgoing = null;
        _storedDeadlines = [.. State.Deadlines];
        _outboxMarkUnsaved = false;
        // A transition counts once saved with its audit event, whichever path recorded it (command, deadline, follow-up).
        foreach (var record in audit) DomainsMetrics.Accepted(record.EntityType, record.Action);

        await RunPendingEffectsAsync();
    }

    /// <summary>The write may or may not have landed: memory must follow storage, never the other way.</summary>
    private async Task ReloadAfterFailedWriteAsync()
    {
        try
        {
            await store.ReadStateAsync();
            _storedDeadlines = [.. State.Deadlines];
        }
        catch
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Delivers an outbox found in the stored state when the grain activates: calls not yet made and, in a state
    /// stored before audit events and notices rode with the save, those too (idempotent: what is there stays).
    /// Once all is done the delivered mark is written at once, so the next activation does not repeat it.
    /// </summary>
    private async Task DeliverStoredOutboxAsync()
    {
        if (State.PendingAudit.Count > 0 || State.PendingNotifications.Count > 0)
        {
            await journal.DeliverAsync(new JournalDelivery(EntityTypeName, Id, State.PendingAudit, State.PendingNotifications, ToResourceRow(), null));
            State.PendingAudit.Clear();
            State.PendingNotifications.Clear();
            _outboxMarkUnsaved = true;
        }
        await RunPendingEffectsAsync();
        if (_outboxMarkUnsaved && !_followUpPending) await PersistAsync(clock.Now());
    }

    /// <summary>
    /// Makes the outbox's calls in order until one asks to be kept for later. Their delivered mark (and the retry
    /// deadline's removal) is saved with the next write; a change a call decided (<see cref="FollowUp"/>) is that write.
    /// </summary>
    private async Task RunPendingEffectsAsync(bool afterAnswer = false)
    {
        if (State.PendingEffects.Count > 0)
        {
            while (State.PendingEffects.Count > 0)
            {
                if (State.PendingEffects[0].AfterAnswer && !afterAnswer)
                {
                    _afterAnswer ??= this.RegisterGrainTimer(RunAfterAnswerAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
                    break;
                }
                if (!await RunEffectAsync(State.PendingEffects[0])) break;
                State.PendingEffects.RemoveAt(0);
                _outboxMarkUnsaved = true;
            }
            if (State.PendingEffects.Count == 0)
            {
                State.OutboxPending = false;
                State.Deadlines.RemoveAll(d => d.Kind == OutboxRetryKind);
            }
        }
        else if (State.OutboxPending)
        {
            State.OutboxPending = false;
            _outboxMarkUnsaved = true;
        }

        if (_followUpPending)
        {
            _followUpPending = false;
            await PersistAsync(clock.Now());
        }
    }

    /// <summary>The calls queued after an answer, made on the grain's timer once the call that queued them has returned.</summary>
    private async Task RunAfterAnswerAsync(CancellationToken cancellationToken)
    {
        _afterAnswer?.Dispose();
        _afterAnswer = null;
        try
        {
            await RunPendingEffectsAsync(afterAnswer: true);
        }
        catch (Exception)
        {
            // Saved with a retry deadline: the next command, deadline or activation makes them.
        }
    }

    /// <summary>
    /// Applies a change that delivering the outbox decided (a driver confirmed at once): recorded like a
    /// command of the controller's own, saved as soon as the current delivery ends.
    /// </summary>
    /// <remarks>
    /// A change without an action (bookkeeping: what the driver now enforces) is not saved at once: it rides with
    /// the outbox's delivered mark (the next save, or the write when the grain deactivates). Lost in a crash, the
    /// call that led to it is still in the stored outbox and is made again.
    /// </remarks>
    protected void FollowUp(string? action, string? reason, Action apply)
    {
        if (action is null)
        {
            apply();
            _outboxMarkUnsaved = true;
            return;
        }
        _followUpPending = true;
        var from = StateName;
        var view = action is null ? null : ViewJsonIfExists();
        apply();
        if (action is not null) RecordTransition(action, from, Actor.System, reason, clock.Now(), view);
    }

    /// <summary>Serializes a view for the list table, with the options grain state uses.</summary>
    protected static string ToJson<T>(T view) => ViewJson.Serialize(view);
}
