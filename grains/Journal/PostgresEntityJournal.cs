using Domains.Grains.Audit;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Notifications;
using System.Threading.Channels;
using Npgsql;

namespace Domains.Grains.Journal;

/// <summary>
/// The journal in PostgreSQL. Commits (a grain's state with its delivery) and deliveries are group-committed:
/// those that arrive while earlier ones are on their way (many grains saving at once) go together in one round
/// trip and one transaction, and each caller hears back only once its own is committed. A group is written by
/// one statement per table, not one per grain: all its state rows (<c>domains_write_grain_states</c>), all its
/// audit events, notices, list rows, added deadline rows, removed deadline rows (<c>domains_remove_deadlines_except</c>)
/// and answers each in one statement. A group that fails is retried one commit at a time, so a failure (a
/// lost version check, a bad row) reaches only the grain whose commit caused it.
/// </summary>
public sealed class PostgresEntityJournal(NpgsqlDataSource db) : IEntityJournal
{
    /// <summary>The SQLSTATE <c>domains_write_grain_state</c> raises when the stored version is not the expected one.</summary>
    public const string VersionConflict = "DM409";

    private const string WriteStatesSql = """
        SELECT domains_write_grain_states(@service_id, @state_name, @n0, @n1, @extension, @expected, @payload)
        """;
    /// <summary>Groups in flight at once; a new group forms while they are on their way.</summary>
    private const int Writers = 4;

    /// <summary>Deliveries in one group at most, to bound a transaction.</summary>
    private const int MaxGroup = 64;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private int _writersStarted;

    private const string AppendAuditSql = """
        INSERT INTO audit_events (entity_type, entity_id, version, action, from_state, to_state,
                                  actor, role, reason, at, prev_hash, hash, changes)
        SELECT entity_type, entity_id, version, action, from_state, to_state, actor, role, reason, at, prev_hash, hash, changes::jsonb
        FROM unnest(@entity_type, @entity_id, @version, @action, @from_state, @to_state,
                    @actor, @role, @reason, @at, @prev_hash, @hash, @changes)
             AS t(entity_type, entity_id, version, action, from_state, to_state, actor, role, reason, at, prev_hash, hash, changes)
        ON CONFLICT (entity_type, entity_id, version) DO NOTHING
        """;

    private const string AppendNotificationsSql = """
        INSERT INTO notifications (id, kind, recipient, entity, at, subject)
        SELECT * FROM unnest(@id, @kind, @recipient, @entity, @at, @subject)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string UpsertResourcesSql = """
        INSERT INTO resources (entity_type, id, version, state, unit_id, parent_id, published_at, body, public_body)
        SELECT entity_type, id, version, state, unit_id, parent_id, published_at, body::jsonb, public_body::jsonb
        FROM unnest(@entity_type, @id, @version, @state, @unit_id, @parent_id, @published_at, @body, @public_body)
             AS t(entity_type, id, version, state, unit_id, parent_id, published_at, body, public_body)
        ON CONFLICT (entity_type, id) DO UPDATE
        SET version = excluded.version, state = excluded.state, unit_id = excluded.unit_id,
            parent_id = excluded.parent_id, published_at = excluded.published_at, body = excluded.body,
            public_body = excluded.public_body,
            updated_at = now()
        WHERE resources.version < excluded.version
        """;

    private const string AddDeadlinesSql = """
        INSERT INTO deadlines (entity_type, entity_id, kind, due_at, shard)
        SELECT * FROM unnest(@entity_type, @entity_id, @kinds, @due, @shard)
        ON CONFLICT (entity_type, entity_id, kind, due_at) DO NOTHING
        """;

    private const string RemoveDeadlinesSql = """
        SELECT domains_remove_deadlines_except(@entity_type, @entity_id, @keep_type, @keep_id, @keep_kind, @keep_due)
        """;

    private const string UpsertAnswersSql = """
        INSERT INTO idempotency_answers (entity_type, entity_id, slot, caller, key, request_hash, answer)
        SELECT * FROM unnest(@entity_type, @entity_id, @slot, @caller, @key, @request_hash, @answer)
        ON CONFLICT (entity_type, entity_id, slot) DO UPDATE
        SET caller = excluded.caller, key = excluded.key, request_hash = excluded.request_hash,
            answer = excluded.answer, recorded_at = now()
        """;

    private const string FindAnswersSql = """
        SELECT caller, request_hash, answer FROM idempotency_answers
        WHERE entity_type = @entity_type AND entity_id = @entity_id AND key = @key
        ORDER BY recorded_at
        """;

    /// <summary>Appends audit events alone (tools and tests; grains deliver with <see cref="DeliverAsync"/>).</summary>
    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> events) =>
        events.Count == 0 ? Task.CompletedTask : WriteAsync(AppendAudit(events));

    public Task DeliverAsync(JournalDelivery delivery) => delivery.IsEmpty ? Task.CompletedTask : WriteInGroupAsync(null, delivery);

    public Task CommitAsync(GrainStateWrite write, JournalDelivery? delivery) => WriteInGroupAsync(write, delivery);

    /// <summary>
    /// A group's statements: its state rows first (a lost version check aborts before anything else is written),
    /// then each table's rows of every delivery in the group, in the group's order (an entity's audit events in
    /// the order it recorded them).
    /// </summary>
    private static IEnumerable<NpgsqlBatchCommand> Commands(IReadOnlyList<PendingWrite> group)
    {
        var states = group.Where(w => w.State is not null).Select(w => w.State!).ToList();
        if (states.Count > 0) yield return WriteStates(states);
        var deliveries = group.Where(w => w.Delivery is not null).Select(w => w.Delivery!).ToList();
        var audit = deliveries.SelectMany(d => d.Audit).ToList();
        if (audit.Count > 0) yield return AppendAudit(audit);
        var notifications = deliveries.SelectMany(d => d.Notifications).ToList();
        if (notifications.Count > 0) yield return AppendNotifications(notifications);
        // One row per entity (a statement may not update a row twice): the highest version, as the table keeps.
        var resources = deliveries.Where(d => d.Resource is not null).Select(d => d.Resource!)
            .GroupBy(r => (r.EntityType, r.Id)).Select(g => g.MaxBy(r => r.Version)!).ToList();
        if (resources.Count > 0) yield return UpsertResources(resources);
        var added = deliveries.SelectMany(d => (d.AddDeadlines ?? []).Select(due => new DeadlineRow(d.EntityType, d.EntityId, due))).ToList();
        if (added.Count > 0) yield return AddDeadlines(added);
        var keeping = deliveries.Where(d => d.KeepDeadlines is not null).ToList();
        if (keeping.Count > 0) yield return RemoveDeadlinesExcept(keeping);
        // One row per slot: of two answers for the same slot, the later one.
        var answers = deliveries.SelectMany(d => (d.Answers ?? []).Select(a => (d.EntityType, d.EntityId, Answer: a)))
            .GroupBy(a => (a.EntityType, a.EntityId, a.Answer.Slot)).Select(g => g.Last()).ToList();
        if (answers.Count > 0) yield return UpsertAnswers(answers);
    }

    public async Task<IReadOnlyList<StoredAnswer>> FindAnswersAsync(string entityType, string entityId, string key)
    {
        await using var cmd = db.CreateCommand(FindAnswersSql);
        cmd.Parameters.AddWithValue("entity_type", entityType);
        cmd.Parameters.AddWithValue("entity_id", entityId);
        cmd.Parameters.AddWithValue("key", key);
        var found = new List<StoredAnswer>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(new StoredAnswer(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2)));
        return found;
    }

    private static NpgsqlBatchCommand UpsertAnswers(IReadOnlyList<(string EntityType, string EntityId, IdempotencyAnswer Answer)> answers)
    {
        var cmd = new NpgsqlBatchCommand(UpsertAnswersSql);
        cmd.Parameters.Add(Sql.TextArray("entity_type", answers.Select(a => a.EntityType)));
        cmd.Parameters.Add(Sql.TextArray("entity_id", answers.Select(a => a.EntityId)));
        cmd.Parameters.Add(new NpgsqlParameter<short[]>("slot", answers.Select(a => a.Answer.Slot).ToArray()));
        cmd.Parameters.Add(Sql.TextArray("caller", answers.Select(a => a.Answer.Caller)));
        cmd.Parameters.Add(Sql.TextArray("key", answers.Select(a => a.Answer.Key)));
        cmd.Parameters.Add(Sql.TextArray("request_hash", answers.Select(a => a.Answer.RequestHash)));
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]>("answer", answers.Select(a => a.Answer.Answer).ToArray()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea });
        return cmd;
    }

    private static NpgsqlBatchCommand WriteStates(IReadOnlyList<GrainStateWrite> writes)
    {
        var cmd = new NpgsqlBatchCommand(WriteStatesSql);
        cmd.Parameters.Add(Sql.TextArray("service_id", writes.Select(w => w.ServiceId)));
        cmd.Parameters.Add(Sql.TextArray("state_name", writes.Select(w => w.StateName)));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("n0", writes.Select(w => w.N0).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("n1", writes.Select(w => w.N1).ToArray()));
        cmd.Parameters.Add(Sql.TextArray("extension", writes.Select(w => w.Extension)));
        cmd.Parameters.Add(new NpgsqlParameter<int?[]>("expected", writes.Select(w => w.ExpectedVersion).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<byte[]?[]>("payload", writes.Select(w => w.Payload).ToArray()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea });
        return cmd;
    }

    /// <summary>Queues the commands for the next group; completes once their group is committed.</summary>
    private Task WriteInGroupAsync(GrainStateWrite? state, JournalDelivery? delivery)
    {
        if (Interlocked.Exchange(ref _writersStarted, 1) == 0)
        {
            for (var i = 0; i < Writers; i++) _ = Task.Run(WriteGroupsAsync);
        }
        var pending = new PendingWrite(state, delivery, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite(pending);
        return pending.Written.Task;
    }

    private async Task WriteGroupsAsync()
    {
        var group = new List<PendingWrite>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending)) group.Add(pending);
            if (group.Count == 0) continue;
            try
            {
                await WriteAsync(group);
                foreach (var pending in group) pending.Written.TrySetResult();
            }
            catch (Exception) when (group.Count > 1)
            {
                foreach (var pending in group) await WriteAloneAsync(pending);
            }
            catch (Exception ex)
            {
                group[0].Written.TrySetException(ex);
            }
            group.Clear();
        }
    }

    private async Task WriteAloneAsync(PendingWrite pending)
    {
        try
        {
            await WriteAsync([pending]);
            pending.Written.TrySetResult();
        }
        catch (Exception ex)
        {
            pending.Written.TrySetException(ex);
        }
    }

    private async Task WriteAsync(IReadOnlyList<PendingWrite> writes)
    {
        await using var batch = db.CreateBatch();
        foreach (var command in Commands(writes)) batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand AppendAudit(IReadOnlyList<AuditRecord> events)
    {
        var cmd = new NpgsqlBatchCommand(AppendAuditSql);
        cmd.Parameters.Add(Sql.TextArray("entity_type", events.Select(e => e.EntityType)));
        cmd.Parameters.Add(Sql.TextArray("entity_id", events.Select(e => e.EntityId)));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("version", events.Select(e => e.Version).ToArray()));
        cmd.Parameters.Add(Sql.TextArray("action", events.Select(e => e.Action)));
        cmd.Parameters.Add(Sql.TextArray("from_state", events.Select(e => e.FromState)));
        cmd.Parameters.Add(Sql.TextArray("to_state", events.Select(e => e.ToState)));
        cmd.Parameters.Add(Sql.TextArray("actor", events.Select(e => e.Actor)));
        cmd.Parameters.Add(Sql.TextArray("role", events.Select(e => e.Role)));
        cmd.Parameters.Add(Sql.TextArray("reason", events.Select(e => e.Reason)));
        cmd.Parameters.Add(Sql.InstantArray("at", events.Select(e => e.At)));
        cmd.Parameters.Add(Sql.TextArray("prev_hash", events.Select(e => e.PrevHash)));
        cmd.Parameters.Add(Sql.TextArray("hash", events.Select(e => e.Hash)));
        cmd.Parameters.Add(Sql.TextArray("changes", events.Select(e => e.Changes is null ? null : Sql.ChangesJson(e.Changes))));
        return cmd;
    }

    private static NpgsqlBatchCommand AppendNotifications(IReadOnlyList<Notification> notifications)
    {
        var cmd = new NpgsqlBatchCommand(AppendNotificationsSql);
        cmd.Parameters.Add(Sql.TextArray("id", notifications.Select(n => n.Id)));
        cmd.Parameters.Add(Sql.TextArray("kind", notifications.Select(n => n.Kind)));
        cmd.Parameters.Add(Sql.TextArray("recipient", notifications.Select(n => n.Recipient)));
        cmd.Parameters.Add(Sql.TextArray("entity", notifications.Select(n => n.Entity)));
        cmd.Parameters.Add(Sql.InstantArray("at", notifications.Select(n => n.At)));
        cmd.Parameters.Add(Sql.TextArray("subject", notifications.Select(n => n.Subject)));
        return cmd;
    }

    private static NpgsqlBatchCommand UpsertResources(IReadOnlyList<ResourceRow> rows)
    {
        var cmd = new NpgsqlBatchCommand(UpsertResourcesSql);
        cmd.Parameters.Add(Sql.TextArray("entity_type", rows.Select(r => r.EntityType)));
        cmd.Parameters.Add(Sql.TextArray("id", rows.Select(r => r.Id)));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("version", rows.Select(r => r.Version).ToArray()));
        cmd.Parameters.Add(Sql.TextArray("state", rows.Select(r => r.State)));
        cmd.Parameters.Add(Sql.TextArray("unit_id", rows.Select(r => r.UnitId)));
        cmd.Parameters.Add(Sql.TextArray("parent_id", rows.Select(r => r.ParentId)));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime?[]>("published_at", rows.Select(r => r.PublishedAt?.UtcDateTime).ToArray())
        {
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz,
        });
        cmd.Parameters.Add(Sql.TextArray("body", rows.Select(r => r.Body)));
        cmd.Parameters.Add(Sql.TextArray("public_body", rows.Select(r => r.PublicBody)));
        return cmd;
    }

    // Straight to the database, not through a group: the save waits for it, and a command's answer with it.
    public Task AddDeadlinesAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> deadlines) =>
        deadlines.Count == 0 ? Task.CompletedTask : WriteAsync(AddDeadlines([.. deadlines.Select(d => new DeadlineRow(entityType, entityId, d))]));

    public Task RemoveDeadlinesExceptAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> keep) =>
        WriteAsync(RemoveDeadlinesExcept([new JournalDelivery(entityType, entityId, [], [], null, keep)]));

    private async Task WriteAsync(NpgsqlBatchCommand command)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand AddDeadlines(IReadOnlyList<DeadlineRow> rows)
    {
        var cmd = new NpgsqlBatchCommand(AddDeadlinesSql);
        cmd.Parameters.Add(Sql.TextArray("entity_type", rows.Select(r => r.EntityType)));
        cmd.Parameters.Add(Sql.TextArray("entity_id", rows.Select(r => r.EntityId)));
        cmd.Parameters.Add(Sql.TextArray("kinds", rows.Select(r => r.Deadline.Kind)));
        cmd.Parameters.Add(Sql.InstantArray("due", rows.Select(r => r.Deadline.DueAt)));
        cmd.Parameters.Add(new NpgsqlParameter<short[]>("shard", rows.Select(r => (short)DeadlineShards.Of(r.EntityType, r.EntityId)).ToArray()));
        return cmd;
    }

    /// <summary>Each delivery's entity keeps exactly the index rows of its <see cref="JournalDelivery.KeepDeadlines"/>.</summary>
    private static NpgsqlBatchCommand RemoveDeadlinesExcept(IReadOnlyList<JournalDelivery> deliveries)
    {
        var keep = deliveries.SelectMany(d => d.KeepDeadlines!.Select(due => new DeadlineRow(d.EntityType, d.EntityId, due))).ToList();
        var cmd = new NpgsqlBatchCommand(RemoveDeadlinesSql);
        cmd.Parameters.Add(Sql.TextArray("entity_type", deliveries.Select(d => d.EntityType)));
        cmd.Parameters.Add(Sql.TextArray("entity_id", deliveries.Select(d => d.EntityId)));
        cmd.Parameters.Add(Sql.TextArray("keep_type", keep.Select(k => k.EntityType)));
        cmd.Parameters.Add(Sql.TextArray("keep_id", keep.Select(k => k.EntityId)));
        cmd.Parameters.Add(Sql.TextArray("keep_kind", keep.Select(k => k.Deadline.Kind)));
        cmd.Parameters.Add(Sql.InstantArray("keep_due", keep.Select(k => k.Deadline.DueAt)));
        return cmd;
    }
}

/// <summary>A grain's state to write and what its save produced, or either alone; answered once committed.</summary>
internal sealed record PendingWrite(GrainStateWrite? State, JournalDelivery? Delivery, TaskCompletionSource Written);

/// <summary>A deadline index row to add: whose deadline it is.</summary>
internal sealed record DeadlineRow(string EntityType, string EntityId, Deadline Deadline);
