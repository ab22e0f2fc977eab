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
    private const string ListSql = """
        SELECT id, CASE WHEN @published_only THEN public_body::text ELSE body::text END
        FROM resources
        WHERE entity_type = @entity_type
          AND (@unit_id::text IS NULL OR unit_id = @unit_id)
          AND (@parent_id::text IS NULL OR parent_id = @parent_id)
          AND (@states::text[] IS NULL OR state = ANY(@states))
          AND (NOT @published_only OR (published_at IS NOT NULL AND public_body IS NOT NULL))
          AND (@after_id::text IS NULL OR id > @after_id)
        ORDER BY id
        LIMIT @limit
        """;

    private const string CountSql = """
        SELECT count(*)
        FROM resources
        WHERE entity_type = @entity_type
          AND (@unit_id::text IS NULL OR unit_id = @unit_id)
          AND (@parent_id::text IS NULL OR parent_id = @parent_id)
          AND (@states::text[] IS NULL OR state = ANY(@states))
          AND (NOT @published_only OR (published_at IS NOT NULL AND public_body IS NOT NULL))
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
        cmd.Parameters.Add(Sql.Text("after_id", query.AfterId));
        cmd.Parameters.AddWithValue("limit", query.Limit + 1);
        var rows = new List<(string Id, string Body)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        var page = rows.Take(query.Limit).ToList();
        return new Page<string>(page.Select(r => r.Body).ToList(), rows.Count > query.Limit ? page[^1].Id : null);
    }

    private static void AddFilters(NpgsqlCommand cmd, ResourceQuery query)
    {
        cmd.Parameters.AddWithValue("entity_type", query.EntityType);
        cmd.Parameters.Add(Sql.Text("unit_id", query.UnitId));
        cmd.Parameters.Add(Sql.Text("parent_id", query.ParentId));
        cmd.Parameters.Add(new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)query.States?.ToArray() ?? DBNull.Value });
        cmd.Parameters.AddWithValue("published_only", query.PublishedOnly);
    }
}
