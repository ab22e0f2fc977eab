using Domains.GrainInterfaces.Usage;
using Npgsql;
using NpgsqlTypes;

namespace Domains.Grains.Usage;

/// <summary>The controller's usage log (<c>usage_log</c>, migration 0080): read by login, purged after retention.</summary>
public sealed class UsageLogStore(NpgsqlDataSource db)
{
    private const string ListSql = """
        SELECT id, at, session, kind, statement FROM usage_log
        WHERE role = @role AND id > @after
          AND (@from::timestamptz IS NULL OR at >= @from) AND (@to::timestamptz IS NULL OR at < @to)
          AND (@kind::text IS NULL OR kind = @kind)
        ORDER BY id LIMIT @limit
        """;

    /// <summary>Up to <c>limit + 1</c> records after the cursor, oldest first (one more tells whether a next page exists).</summary>
    public async Task<List<(long Seq, DateTimeOffset At, string Session, UsageKind Kind, string? Statement)>> ListAsync(string role, UsageQuery query)
    {
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.AddWithValue("role", role);
        cmd.Parameters.AddWithValue("after", query.After);
        cmd.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)query.From ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)query.To ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = query.Kind is { } kind ? UsageKinds.Name(kind) : DBNull.Value });
        cmd.Parameters.AddWithValue("limit", query.Limit + 1);
        var rows = new List<(long, DateTimeOffset, string, UsageKind, string?)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                UsageKinds.Parse(reader.GetString(3)), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return rows;
    }

    /// <summary>
    /// Deletes every usage record of the login, only once <paramref name="retainedUntil"/> has passed
    /// (R11: at least six months after closing). Repeatable: a second purge deletes nothing.
    /// </summary>
    public async Task<int> PurgeAsync(string role, DateTimeOffset? retainedUntil, DateTimeOffset now)
    {
        if (retainedUntil is not { } until || now < until) throw new RetentionNotOverException(role, retainedUntil);
        await using var cmd = db.CreateCommand("DELETE FROM usage_log WHERE role = @role");
        cmd.Parameters.AddWithValue("role", role);
        return await cmd.ExecuteNonQueryAsync();
    }
}
