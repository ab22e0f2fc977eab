using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Lists;
using Domains.Grains.Journal;
using Npgsql;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace Domains.Grains.Lists;

[StatelessWorker]
public sealed class ResourceListGrain(NpgsqlDataSource db) : Grain, IResourceListGrain
{
    private const string Filters = """
        WHERE entity_type = @entity_type
          AND (@unit_id::text IS NULL OR unit_id = @unit_id)
          AND (@parent_id::text IS NULL OR parent_id = @parent_id)
          AND (@states::text[] IS NULL OR state = ANY(@states))
          AND (@body_contains::jsonb IS NULL OR body @> @body_contains::jsonb)
          AND (NOT @published_only OR (published_at IS NOT NULL AND public_body IS NOT NULL))
        """;

    // Newest first: (created_at, id) descending, the cursor being the last row's pair.
    private const string ListSql = $"""
        SELECT id, CASE WHEN @published_only THEN public_body::text ELSE body::text END, created_at
        FROM resources
        {Filters}
          AND (@after_at::timestamptz IS NULL OR (created_at, id) < (@after_at, @after_id))
        ORDER BY created_at DESC, id DESC
        LIMIT @limit
        """;

    private const string CountSql = $"""
        SELECT count(*)
        FROM resources
        {Filters}
        """;

    public async Task<long> CountAsync(ResourceQuery query)
    {
        await using var cmd = db.CreateCommand(CountSql);
        AddFilters(cmd, query);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<Page<string>> ListAsync(ResourceQuery query)
    {
        await using var cmd = db.CreateCommand(ListSql);
        AddFilters(cmd, query);
        // A cursor the API did not validate (or one of an older shape) starts from the top rather than failing.
        ListCursor.TryDecode(query.AfterId, out var after);
        cmd.Parameters.Add(Sql.Instant("after_at", after is null ? null : DateTimeOffset.UnixEpoch.AddTicks(after.CreatedAtMicros * 10)));
        cmd.Parameters.Add(Sql.Text("after_id", after?.Id));
        cmd.Parameters.AddWithValue("limit", query.Limit + 1);
        var rows = new List<(string Id, string Body, DateTimeOffset CreatedAt)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), Sql.ReadInstant(reader, 2)));
        }
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? new ListCursor((page[^1].CreatedAt - DateTimeOffset.UnixEpoch).Ticks / 10, page[^1].Id).Encode() : null;
        return new Page<string>(page.Select(r => r.Body).ToList(), next);
    }

    private static void AddFilters(NpgsqlCommand cmd, ResourceQuery query)
    {
        cmd.Parameters.AddWithValue("entity_type", query.EntityType);
        cmd.Parameters.Add(Sql.Text("unit_id", query.UnitId));
        cmd.Parameters.Add(Sql.Text("parent_id", query.ParentId));
        cmd.Parameters.Add(new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)query.States?.ToArray() ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("body_contains", NpgsqlDbType.Jsonb) { Value = (object?)query.BodyContains ?? DBNull.Value });
        cmd.Parameters.AddWithValue("published_only", query.PublishedOnly);
    }
}
