using System.Globalization;
using System.Text;
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
        WHERE (@before::timestamptz IS NULL OR due_at < @before)
          AND (@kind::text IS NULL OR kind = @kind)
          AND (@entity_type::text IS NULL OR (entity_type = @entity_type AND entity_id = @entity_id))
          AND (@after_due::timestamptz IS NULL
               OR (due_at, entity_type, entity_id, kind) > (@after_due, @after_type, @after_id, @after_kind))
        ORDER BY due_at, entity_type, entity_id, kind
        LIMIT @limit
        """;

    public async Task<Page<DeadlineView>> ListAsync(DeadlineQuery query)
    {
        var after = DecodeCursor(query.Cursor);
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.Add(Sql.Instant("before", query.Before));
        cmd.Parameters.Add(Sql.Text("kind", query.Kind));
        cmd.Parameters.Add(Sql.Text("entity_type", query.Entity?.Type));
        cmd.Parameters.Add(Sql.Text("entity_id", query.Entity?.Id));
        cmd.Parameters.Add(Sql.Instant("after_due", after?.Due));
        cmd.Parameters.Add(Sql.Text("after_type", after?.Type));
        cmd.Parameters.Add(Sql.Text("after_id", after?.Id));
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
        var next = more ? EncodeCursor(page[^1]) : null;
        return new Page<DeadlineView>(page.Select(r => new DeadlineView($"{r.Type}/{r.Id}", r.Kind, r.Due)).ToList(), next);
    }

    private static string EncodeCursor((string Type, string Id, string Kind, DateTimeOffset Due) row) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            string.Join('\n', row.Due.UtcTicks.ToString(CultureInfo.InvariantCulture), row.Type, row.Id, row.Kind)));

    private static (DateTimeOffset Due, string Type, string Id, string Kind)? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('\n');
        return (new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), parts[1], parts[2], parts[3]);
    }
}
