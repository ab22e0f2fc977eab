using Domains.Grains.Audit;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Notifications;
using Npgsql;

namespace Domains.Grains.Journal;

public sealed class PostgresEntityJournal(NpgsqlDataSource db) : IEntityJournal
{
    private const string AppendAuditSql = """
        INSERT INTO audit_events (entity_type, entity_id, version, action, from_state, to_state,
                                  actor, role, reason, at, prev_hash, hash)
        SELECT * FROM unnest(@entity_type, @entity_id, @version, @action, @from_state, @to_state,
                             @actor, @role, @reason, @at, @prev_hash, @hash)
        ON CONFLICT (entity_type, entity_id, version) DO NOTHING
        """;

    private const string AppendNotificationsSql = """
        INSERT INTO notifications (id, kind, recipient, entity, at, subject)
        SELECT * FROM unnest(@id, @kind, @recipient, @entity, @at, @subject)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string UpsertResourceSql = """
        INSERT INTO resources (entity_type, id, version, state, unit_id, parent_id, published_at, body)
        VALUES (@entity_type, @id, @version, @state, @unit_id, @parent_id, @published_at, @body::jsonb)
        ON CONFLICT (entity_type, id) DO UPDATE
        SET version = excluded.version, state = excluded.state, unit_id = excluded.unit_id,
            parent_id = excluded.parent_id, published_at = excluded.published_at, body = excluded.body,
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

    /// <summary>Appends audit events alone (tools and tests; grains deliver with <see cref="DeliverAsync"/>).</summary>
    public async Task AppendAuditAsync(IReadOnlyList<AuditRecord> events)
    {
        if (events.Count == 0) return;
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(AppendAudit(events));
        await batch.ExecuteNonQueryAsync();
    }

    public async Task DeliverAsync(JournalDelivery delivery)
    {
        if (delivery.IsEmpty) return;
        await using var batch = db.CreateBatch();
        // One round trip and one implicit transaction: the audit events first, as they were before.
        if (delivery.Audit.Count > 0) batch.BatchCommands.Add(AppendAudit(delivery.Audit));
        if (delivery.Notifications.Count > 0) batch.BatchCommands.Add(AppendNotifications(delivery.Notifications));
        if (delivery.Resource is { } row) batch.BatchCommands.Add(UpsertResource(row));
        if (delivery.KeepDeadlines is { } keep) batch.BatchCommands.Add(RemoveDeadlinesExcept(delivery.EntityType, delivery.EntityId, keep));
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
        return cmd;
    }

    public async Task AddDeadlinesAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> deadlines)
    {
        if (deadlines.Count == 0) return;
        await using var cmd = db.CreateCommand(AddDeadlinesSql);
        cmd.Parameters.AddWithValue("entity_type", entityType);
        cmd.Parameters.AddWithValue("entity_id", entityId);
        cmd.Parameters.AddWithValue("shard", (short)DeadlineShards.Of(entityType, entityId));
        cmd.Parameters.Add(Sql.TextArray("kinds", deadlines.Select(d => d.Kind)));
        cmd.Parameters.Add(Sql.InstantArray("due", deadlines.Select(d => d.DueAt)));
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task RemoveDeadlinesExceptAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> keep)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(RemoveDeadlinesExcept(entityType, entityId, keep));
        await batch.ExecuteNonQueryAsync();
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
