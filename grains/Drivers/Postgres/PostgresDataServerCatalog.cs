using Npgsql;

namespace Domains.Grains.Drivers.Postgres;

/// <summary>Looks a catalogued table up in the system catalogue of its domain's data server.</summary>
public sealed class PostgresDataServerCatalog(DataServers servers) : IDataServerCatalog
{
    public async Task<string?> FindMissingAsync(string domainId, string table, IReadOnlyList<string> columns)
    {
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        var (schema, name) = (table[..dot], table[(dot + 1)..]);
        await using var connection = await servers.For(domainId).Source.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT c.oid, has_table_privilege(c.oid, 'SELECT'),
                   ARRAY(SELECT attname::text FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relname = @name AND c.relkind IN ('r', 'p', 'v', 'm')
            """, connection);
        cmd.Parameters.AddWithValue("schema", schema);
        cmd.Parameters.AddWithValue("name", name);
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return $"Table '{table}' does not exist on the domain's data server.";
        if (!reader.GetBoolean(1)) return $"Table '{table}' is not readable by the workspace driver (GRANT SELECT to domains_provisioner).";
        var present = reader.GetFieldValue<string[]>(2).ToHashSet(StringComparer.Ordinal);
        var missing = columns.Where(c => !present.Contains(c)).ToList();
        return missing.Count == 0 ? null : $"Table '{table}' has no column {string.Join(", ", missing.Select(c => $"'{c}'"))}.";
    }
}
