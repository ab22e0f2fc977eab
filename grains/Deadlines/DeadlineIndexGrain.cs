using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Journal;
using Npgsql;
using Orleans.Concurrency;

namespace Domains.Grains.Deadlines;

/// <summary>Pages through the deadline index in due order (keyset paging on the index's own order).</summary>
[StatelessWorker]
public sealed class DeadlineIndexGrain(NpgsqlDataSource db) : Grain, IDeadlineIndexGrain
{
    private const string ListSql = """
        SELECT entity_type, entity_id, kind, due_at
        FROM deadlines
        WHERE kind <> @internal_kind
          AND (@before::timestamptz IS NULL OR due_at < @before)
          AND (@kind::text IS NULL OR kind = @kind)
          AND (@entity_type::text IS NULL OR (entity_type = @entity_type AND entity_id = @entity_id))
          AND (@after_due::timestamptz IS NULL
               OR (due_at, entity_type, entity_id, kind) > (@after_due, @after_type, @after_id, @after_kind))
        ORDER BY due_at, entity_type, entity_id, kind
        LIMIT @limit
        """;

    public async Task<Page<DeadlineView>> ListAsync(DeadlineQuery query)
    {
        if (!DeadlineCursor.TryParse(query.Cursor, out var after)) throw new ArgumentException("Not a cursor of the deadline list.", nameof(query));
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.AddWithValue("internal_kind", InternalDeadlines.OutboxRetry);
        cmd.Parameters.Add(Sql.Instant("before", query.Before));
        cmd.Parameters.Add(Sql.Text("kind", query.Kind));
        cmd.Parameters.Add(Sql.Text("entity_type", query.Entity?.Type));
        cmd.Parameters.Add(Sql.Text("entity_id", query.Entity?.Id));
        cmd.Parameters.Add(Sql.Instant("after_due", after?.DueAt));
        cmd.Parameters.Add(Sql.Text("after_type", after?.EntityType));
        cmd.Parameters.Add(Sql.Text("after_id", after?.EntityId));
        cmd.Parameters.Add(Sql.Text("after_kind", after?.Kind));
        cmd.Parameters.AddWithValue("limit", query.Limit + 1);

        var rows = new List<(string Type, string Id, string Kind, DateTimeOffset Due)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    Sql.ReadInstant(reader, 3)));
            }
        }

        var more = rows.Count > query.Limit;
        var page = rows.Take(query.Limit).ToList();
        var next = more ? new DeadlineCursor(page[^1].Due, page[^1].Type, page[^1].Id, page[^1].Kind).Encode() : null;
        return new Page<DeadlineView>(page.Select(r => new DeadlineView($"{r.Type}/{r.Id}", r.Kind, r.Due)).ToList(), next);
    }
}
