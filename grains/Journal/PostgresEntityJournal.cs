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
/// trip and one transaction, and each caller hears back only once its own is committed. A group that fails is
/// retried one commit at a time, so a failure (a lost version check, a bad row) reaches only the grain whose
/// commit caused it.
/// </summary>
public sealed class PostgresEntityJournal(NpgsqlDataSource db) : IEntityJournal
{
    /// <summary>The SQLSTATE <c>domains_write_grain_state</c> raises when the stored version is not the expected one.</summary>
    public const string VersionConflict = "DM409";

    private const string WriteStateSql = """
        SELECT domains_write_grain_state(@service_id, @state_name, @n0, @n1, @extension, @expected, @payload)
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

    private const string UpsertResourceSql = """
        INSERT INTO resources (entity_type, id, version, state, unit_id, parent_id, published_at, body, public_body)
        VALUES (@entity_type, @id, @version, @state, @unit_id, @parent_id, @published_at, @body::jsonb, @public_body::jsonb)
        ON CONFLICT (entity_type, id) DO UPDATE
        SET version = excluded.version, state = excluded.state, unit_id = excluded.unit_id,
            parent_id = excluded.parent_id, published_at = excluded.published_at, body = excluded.body,
            public_body = excluded.public_body,
            updated_at = now()
        WHERE resources.version < excluded.version
        """;

    private const string AddDeadlinesSql = """
        INSERT INTO deadlines (entity_type, entity_id, kind, due_at, shard)
        SELECT @entity_type, @entity_id, k, d, @shard FROM unnest(@kinds, @due) AS t(k, d)
        ON CONFLICT (entity_type, entity_id, kind, due_at) DO NOTHING
        """;

    private const string RemoveDeadlinesSql = """
        DELETE FROM deadlines
        WHERE entity_type = @entity_type AND entity_id = @entity_id
          AND (kind, due_at) NOT IN (SELECT k, d FROM unnest(@kinds, @due) AS t(k, d))
        """;

    private const string UpsertAnswersSql = """
        INSERT INTO idempotency_answers (entity_type, entity_id, slot, caller, key, request_hash, answer)
        SELECT @entity_type, @entity_id, slot, caller, key, request_hash, answer
        FROM unnest(@slot, @caller, @key, @request_hash, @answer) AS t(slot, caller, key, request_hash, answer)
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

    public Task DeliverAsync(JournalDelivery delivery) => delivery.IsEmpty ? Task.CompletedTask : WriteInGroupAsync(() => Commands(delivery));

    public Task CommitAsync(GrainStateWrite write, JournalDelivery? delivery) =>
        WriteInGroupAsync(() => delivery is null ? [WriteState(write)] : Commands(delivery).Prepend(WriteState(write)));

    /// <summary>Each delivery's audit events first, as they always were.</summary>
    private static IEnumerable<NpgsqlBatchCommand> Commands(JournalDelivery delivery)
    {
        if (delivery.Audit.Count > 0) yield return AppendAudit(delivery.Audit);
        if (delivery.Notifications.Count > 0) yield return AppendNotifications(delivery.Notifications);
        if (delivery.Resource is { } row) yield return UpsertResource(row);
        if (delivery.AddDeadlines is { Count: > 0 } added) yield return AddDeadlines(delivery.EntityType, delivery.EntityId, added);
        if (delivery.KeepDeadlines is { } keep) yield return RemoveDeadlinesExcept(delivery.EntityType, delivery.EntityId, keep);
        if (delivery.Answers is { Count: > 0 } answers) yield return UpsertAnswers(delivery.EntityType, delivery.EntityId, answers);
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

    /// <summary>One row per slot: of two answers for the same slot in one save, the later one (a statement may not update a row twice).</summary>
    private static NpgsqlBatchCommand UpsertAnswers(string entityType, string entityId, IReadOnlyList<IdempotencyAnswer> answers)
    {
        var latest = answers.GroupBy(a => a.Slot).Select(g => g.Last()).ToList();
        var cmd = new NpgsqlBatchCommand(UpsertAnswersSql);
        cmd.Parameters.AddWithValue("entity_type", entityType);
        cmd.Parameters.AddWithValue("entity_id", entityId);
        cmd.Parameters.Add(new NpgsqlParameter<short[]>("slot", latest.Select(a => a.Slot).ToArray()));
        cmd.Parameters.Add(Sql.TextArray("caller", latest.Select(a => a.Caller)));
        cmd.Parameters.Add(Sql.TextArray("key", latest.Select(a => a.Key)));
        cmd.Parameters.Add(Sql.TextArray("request_hash", latest.Select(a => a.RequestHash)));
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]>("answer", latest.Select(a => a.Answer).ToArray()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea });
        return cmd;
    }

    private static NpgsqlBatchCommand WriteState(GrainStateWrite write)
    {
        var cmd = new NpgsqlBatchCommand(WriteStateSql);
        cmd.Parameters.AddWithValue("service_id", write.ServiceId);
        cmd.Parameters.AddWithValue("state_name", write.StateName);
        cmd.Parameters.AddWithValue("n0", write.N0);
        cmd.Parameters.AddWithValue("n1", write.N1);
        cmd.Parameters.Add(Sql.Text("extension", write.Extension));
        cmd.Parameters.Add(new NpgsqlParameter("expected", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)write.ExpectedVersion ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("payload", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)write.Payload ?? DBNull.Value });
        return cmd;
    }

    /// <summary>Queues the commands for the next group; completes once their group is committed.</summary>
    private Task WriteInGroupAsync(Func<IEnumerable<NpgsqlBatchCommand>> commands)
    {
        if (Interlocked.Exchange(ref _writersStarted, 1) == 0)
        {
            for (var i = 0; i < Writers; i++) _ = Task.Run(WriteGroupsAsync);
        }
        var pending = new PendingWrite(commands, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
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

    private async Task WriteAsync(IEnumerable<PendingWrite> writes)
    {
        await using var batch = db.CreateBatch();
        foreach (var command in writes.SelectMany(w => w.Commands())) batch.BatchCommands.Add(command);
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

    private static NpgsqlBatchCommand UpsertResource(ResourceRow row)
    {
        var cmd = new NpgsqlBatchCommand(UpsertResourceSql);
        cmd.Parameters.AddWithValue("entity_type", row.EntityType);
        cmd.Parameters.AddWithValue("id", row.Id);
        cmd.Parameters.AddWithValue("version", row.Version);
        cmd.Parameters.AddWithValue("state", row.State);
        cmd.Parameters.Add(Sql.Text("unit_id", row.UnitId));
        cmd.Parameters.Add(Sql.Text("parent_id", row.ParentId));
        cmd.Parameters.Add(Sql.Instant("published_at", row.PublishedAt));
        cmd.Parameters.AddWithValue("body", row.Body);
        cmd.Parameters.Add(Sql.Text("public_body", row.PublicBody));
        return cmd;
    }

    // Straight to the database, not through a group: the save waits for it, and a command's answer with it.
    public Task AddDeadlinesAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> deadlines) =>
        deadlines.Count == 0 ? Task.CompletedTask : WriteAsync(AddDeadlines(entityType, entityId, deadlines));

    public Task RemoveDeadlinesExceptAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> keep) =>
        WriteAsync(RemoveDeadlinesExcept(entityType, entityId, keep));

    private async Task WriteAsync(NpgsqlBatchCommand command)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand AddDeadlines(string entityType, string entityId, IReadOnlyCollection<Deadline> deadlines)
    {
        var cmd = new NpgsqlBatchCommand(AddDeadlinesSql);
        cmd.Parameters.AddWithValue("entity_type", entityType);
        cmd.Parameters.AddWithValue("entity_id", entityId);
        cmd.Parameters.AddWithValue("shard", (short)DeadlineShards.Of(entityType, entityId));
        cmd.Parameters.Add(Sql.TextArray("kinds", deadlines.Select(d => d.Kind)));
        cmd.Parameters.Add(Sql.InstantArray("due", deadlines.Select(d => d.DueAt)));
        return cmd;
    }

    private static NpgsqlBatchCommand RemoveDeadlinesExcept(string entityType, string entityId, IReadOnlyCollection<Deadline> keep)
    {
        var cmd = new NpgsqlBatchCommand(RemoveDeadlinesSql);
        cmd.Parameters.AddWithValue("entity_type", entityType);
        cmd.Parameters.AddWithValue("entity_id", entityId);
        cmd.Parameters.Add(Sql.TextArray("kinds", keep.Select(d => d.Kind)));
        cmd.Parameters.Add(Sql.InstantArray("due", keep.Select(d => d.DueAt)));
        return cmd;
    }
}

internal sealed record PendingWrite(Func<IEnumerable<NpgsqlBatchCommand>> Commands, TaskCompletionSource Written);
