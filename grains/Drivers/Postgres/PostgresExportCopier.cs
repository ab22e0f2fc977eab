using System.Data;
using System.Text;
using System.Text.RegularExpressions;
using Domains.GrainInterfaces.Exports;
using Domains.Grains.Exports;
using Npgsql;

namespace Domains.Grains.Drivers.Postgres;

/// <summary>
/// The export copy on a domain's data server: one REPEATABLE READ snapshot gives the preview (columns, row
/// count, first 20 rows) and the CSV, so the authority reviews exactly the rows that leave. It reads as the
/// workspace's own role (membership for this transaction only, rolled back with it), so nothing of the
/// tenant's (a row policy, say) runs with the driver's privileges, and only base tables of the workspace's
/// own schema are read: never a view of the datasets, never another schema.
/// </summary>
public sealed partial class PostgresExportCopier(DataServers servers) : IExportCopier
{
    private const int SampleRows = 20;

    public async Task<ExportPreview?> CopyAsync(ExportSource source, Stream destination)
    {
        // Role and schema go into SQL unparameterised: only the driver's own names (ws_ and hex) pass.
        if (!DriverName().IsMatch(source.Role) || !DriverName().IsMatch(source.Schema))
        {
            throw new ArgumentException("Not a workspace role or schema of the PostgreSQL driver.", nameof(source));
        }

        var server = servers.For(source.DomainId);
        await using var connection = await server.Source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await using (var exists = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = @schema AND c.relname = @table AND c.relkind IN ('r', 'p'))
            """, connection, tx))
        {
            exists.Parameters.AddWithValue("schema", source.Schema);
            exists.Parameters.AddWithValue("table", source.Table);
            if (!(bool)(await exists.ExecuteScalarAsync())!) return null;
        }

        await ExecuteAsync(connection, tx, $"GRANT {source.Role} TO CURRENT_USER");
        await ExecuteAsync(connection, tx, $"SET LOCAL ROLE {source.Role}; SET LOCAL statement_timeout = '5min'; SET LOCAL synchronize_seqscans = off");
        var qualified = $"{source.Schema}.{Quote(source.Table)}";

        var columns = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT attname::text FROM pg_attribute WHERE attrelid = @table::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum", connection, tx))
        {
            cmd.Parameters.AddWithValue("table", qualified);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        }

        long rows;
        await using (var count = new NpgsqlCommand($"SELECT count(*) FROM {qualified}", connection, tx))
        {
            rows = (long)(await count.ExecuteScalarAsync())!;
        }

        var sample = new List<IReadOnlyList<string?>>();
        if (columns.Count > 0)
        {
            var values = string.Join(", ", columns.Select(c => $"{Quote(c)}::text"));
            await using var cmd = new NpgsqlCommand($"SELECT ARRAY[{values}]::text[] FROM {qualified} LIMIT {SampleRows}", connection, tx);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) sample.Add(reader.GetFieldValue<string?[]>(0));
        }

        using (var copy = await connection.BeginTextExportAsync($"COPY (SELECT * FROM {qualified}) TO STDOUT WITH (FORMAT csv, HEADER true)"))
        await using (var writer = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true))
        {
            var buffer = new char[1 << 15];
            int read;
            while ((read = await copy.ReadAsync(buffer)) > 0) await writer.WriteAsync(buffer.AsMemory(0, read));
        }

        // Read only: rolling back also takes the membership back.
        await tx.RollbackAsync();
        return new ExportPreview(columns, rows, sample);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("^ws_[0-9a-f]{1,60}$")]
    private static partial Regex DriverName();
}
