using Domains.GrainInterfaces.Datasets;
using Npgsql;

namespace Domains.Grains.Drivers.Postgres;

/// <summary>
/// A workspace's read-only schema (DATAPLANE.md §3): one view per authorized dataset, owned by the driver,
/// readable by the workspace role alone. A pseudonymized column is the hex HMAC-SHA256 of its text under
/// the domain's secret, which the view reads from a table the workspace cannot see (so the view's text
/// holds no secret and the workspace cannot hash guesses); a dropped column is not in the view at all.
/// Views are security barriers, so no function of the workspace's sees a row before the view's own
/// expressions did.
/// </summary>
internal static class WorkspaceViews
{
    public static string SchemaOf(string role) => role + "_ds";

    /// <summary>Replaces the whole schema with views of <paramref name="datasets"/>, inside the caller's transaction.</summary>
    public static async Task ReplaceAsync(NpgsqlConnection connection, string role, string domainId, IReadOnlyList<CataloguedDataset> datasets)
    {
        var schema = SchemaOf(role);
        await Sql.ExecuteAsync(connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; GRANT USAGE ON SCHEMA {schema} TO {role}");
        await Sql.ExecuteAsync(connection, "INSERT INTO domains_seal.domain_secrets (domain_id) VALUES (@domain) ON CONFLICT DO NOTHING", ("domain", domainId));
        var secret = $"(SELECT s.secret FROM domains_seal.domain_secrets s WHERE s.domain_id = {Literal(domainId)})";
        foreach (var dataset in datasets)
        {
            var treatments = dataset.Definition.SensitiveColumns.ToDictionary(c => c.Name, c => c.Treatment, StringComparer.Ordinal);
            var columns = await ColumnsAsync(connection, dataset.Definition.Table);
            var select = columns
                .Where(c => !treatments.TryGetValue(c, out var t) || t != ColumnTreatment.Drop)
                .Select(c => treatments.ContainsKey(c)
                    ? $"encode(domains_crypto.hmac(convert_to(t.{Quote(c)}::text, 'UTF8'), {secret}, 'sha256'), 'hex') AS {Quote(c)}"
                    : $"t.{Quote(c)}")
                .ToList();
            if (select.Count == 0) select.Add("NULL::text AS nothing");
            var view = $"{schema}.{DatasetKeys.ViewName(dataset.Id)}";
            // The table is schema.table of plain identifiers (checked by the API and on registration).
            await Sql.ExecuteAsync(connection,
                $"CREATE VIEW {view} WITH (security_barrier) AS SELECT {string.Join(", ", select)} FROM {dataset.Definition.Table} t; GRANT SELECT ON {view} TO {role}");
        }
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT attname::text FROM pg_attribute WHERE attrelid = to_regclass(@table) AND attnum > 0 AND NOT attisdropped ORDER BY attnum", connection);
        cmd.Parameters.AddWithValue("table", table);
        var columns = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        if (columns.Count == 0) throw new InvalidOperationException($"Table {table} of the catalogue is gone from the data server.");
        return columns;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
