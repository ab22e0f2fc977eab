using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Domains.Grains.Clock;
using Domains.GrainInterfaces.Datasets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Domains.Grains.Drivers.Postgres;

/// <summary>
/// The built-in driver: each workspace is a login role and a schema on its domain's data server
/// (<see cref="DataServers"/>, never the controller's server). Access off = the role cannot log in and its sessions are ended; deletion drops
/// schema and role and certifies what was dropped (tables and row counts, hashed); the log purge deletes
/// the workspace's access log. Role and schema names are derived from the resource key (hex only), so
/// the DDL, which PostgreSQL cannot parameterise, never carries caller text.
/// </summary>
public sealed class PostgresWorkspaceDriver : IWorkspaceDriver
{
    private const string Operator = "domains-postgres-driver";

    /// <summary>The group whose members may connect to the data database (ops/sql/data-server).</summary>
    private const string WorkspaceUsers = "domains_workspace_users";
    private static readonly TimeSpan SessionEndTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SessionEndPoll = TimeSpan.FromMilliseconds(2);
    private static readonly char[] PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".ToCharArray();

    private readonly NpgsqlDataSource _controller;
    private readonly DataServers _servers;
    private readonly IGrainFactory _grains;
    private readonly IOptions<WorkspaceOptions> _options;
    private readonly BusinessClock _clock;
    private readonly ILogger<PostgresWorkspaceDriver> _logger;

    /// <param name="controller">The controller's own database (the silo's login): the access log the log purge deletes.</param>
    public PostgresWorkspaceDriver(
        NpgsqlDataSource controller, DataServers servers, IGrainFactory grains, IOptions<WorkspaceOptions> options,
        BusinessClock clock, ILogger<PostgresWorkspaceDriver> logger)
    {
        _controller = controller;
        _servers = servers;
        _grains = grains;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    public string Name => "postgres";

    /// <summary>The role (and schema) name of a resource key: lower-case hex, a valid identifier without quoting.</summary>
    public static string RoleOf(string resourceKey) =>
        "ws_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resourceKey)))[..24];

    /// <summary>
    /// The login role (no password: it logs in only once the owner asked for credentials), its own schema,
    /// its read-only schema of dataset views, and its limits. The role's search path is its own schema,
    /// then its views'. Repeating this changes nothing but the views, made again from the catalogue.
    /// </summary>
    public async Task<string?> ProvisionAsync(WorkspaceTarget target)
    {
        var server = _servers.For(target.DomainId);
        var role = RoleOf(target.ResourceKey);
        var datasets = await CataloguedAsync(target);
        var limits = _options.Value;
        await using var connection = await server.Source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (!await RoleExistsAsync(connection, role))
        {
            await ExecuteAsync(connection,
                $"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT IN ROLE {WorkspaceUsers}");
        }
        await ExecuteAsync(connection, $"ALTER ROLE {role} CONNECTION LIMIT {limits.ConnectionLimit}");
        await ExecuteAsync(connection, $"ALTER ROLE {role} SET statement_timeout = {(long)limits.StatementTimeout.TotalMilliseconds}");
        await ExecuteAsync(connection, $"ALTER ROLE {role} SET temp_file_limit = {limits.TempFileLimitKb}");
        // The schema is the driver's and the role may use it and create in it: the role owns its tables
        // but cannot open its schema to another role. The driver (domains_provisioner) is a member of no
        // workspace role: holding 10,000 memberships slowed every privilege check and session kill.
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {role}");
        await ExecuteAsync(connection, $"GRANT USAGE, CREATE ON SCHEMA {role} TO {role}");
        await WorkspaceViews.ReplaceAsync(connection, role, target.DomainId, datasets);
        await ExecuteAsync(connection, $"ALTER ROLE {role} SET search_path = {role}, {WorkspaceViews.SchemaOf(role)}");
        await tx.CommitAsync();

        return JsonSerializer.Serialize(new
        {
            driver = Name,
            host = server.Host,
            port = server.Port,
            database = server.Database,
            username = role,
            schema = role,
            datasetSchema = WorkspaceViews.SchemaOf(role),
        });
    }

    /// <summary>
    /// One transaction per domain: every role's login closed (or opened), then, on suspension, every
    /// session of those roles ended, so none slips in between; a thousand workspaces are one round trip.
    /// </summary>
    public async Task SetDomainAccessAsync(string domainId, bool open, IReadOnlyList<WorkspaceTarget> workspaces)
    {
        if (workspaces.Count == 0) return;
        var roles = workspaces.Select(w => RoleOf(w.ResourceKey)).Distinct(StringComparer.Ordinal).ToArray();
        await using var connection = await _servers.For(domainId).Source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        // Role names are hex derived from the key, never caller text.
        var existing = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT rolname::text FROM pg_roles WHERE rolname = ANY(@roles)", connection))
        {
            cmd.Parameters.AddWithValue("roles", roles);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) existing.Add(reader.GetString(0));
        }
        if (existing.Count > 0)
        {
            await ExecuteAsync(connection, string.Join("; ", existing.Select(role => $"ALTER ROLE {role} {(open ? "LOGIN" : "NOLOGIN")}")));
        }
        await tx.CommitAsync();
        if (!open) await EndSessionsAsync(connection, roles);
        _logger.LogInformation("Domain {Domain}: {Count} workspace logins {Action}", domainId, existing.Count, open ? "reopened" : "closed");
    }

    public async Task UpdateDatasetsAsync(WorkspaceTarget target)
    {
        var role = RoleOf(target.ResourceKey);
        var datasets = await CataloguedAsync(target);
        await using var connection = await _servers.For(target.DomainId).Source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (!await RoleExistsAsync(connection, role)) return;
        await WorkspaceViews.ReplaceAsync(connection, role, target.DomainId, datasets);
        await tx.CommitAsync();
        _logger.LogInformation("Workspace {Workspace}: views of {Datasets} datasets", target.WorkspaceId, datasets.Count);
    }

    /// <summary>A fresh random password, sent to the data server as a SCRAM verifier; the previous one stops working.</summary>
    public async Task<string?> SetPasswordAsync(WorkspaceTarget target)
    {
        var role = RoleOf(target.ResourceKey);
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 32);
        await using var connection = await _servers.For(target.DomainId).Source.OpenConnectionAsync();
        if (!await RoleExistsAsync(connection, role)) return null;
        // DDL takes no parameters; the verifier is base64, '$' and ':' only.
        await ExecuteAsync(connection, $"ALTER ROLE {role} PASSWORD '{ScramVerifier.For(password)}'");
        return password;
    }

    /// <summary>The catalogue entries of the target's datasets (one removed from the catalogue is skipped).</summary>
    private async Task<IReadOnlyList<CataloguedDataset>> CataloguedAsync(WorkspaceTarget target)
    {
        var views = await Task.WhenAll(target.Datasets.Distinct(StringComparer.Ordinal)
            .Select(id => _grains.GetGrain<IDatasetGrain>(DatasetKeys.Key(target.DomainId, id)).GetAsync()));
        return views.OfType<DatasetView>().Select(v => new CataloguedDataset(v.Id, v.Definition)).ToList();
    }

    public Task SuspendAsync(WorkspaceTarget target) => CloseAccessAsync(target);

    public Task CloseAsync(WorkspaceTarget target) => CloseAccessAsync(target);

    public async Task ReinstateAsync(WorkspaceTarget target)
    {
        var role = RoleOf(target.ResourceKey);
        await using var connection = await _servers.For(target.DomainId).Source.OpenConnectionAsync();
        if (await RoleExistsAsync(connection, role)) await ExecuteAsync(connection, $"ALTER ROLE {role} LOGIN");
    }

    public async Task<DeletionCertificate?> DeleteDataAsync(WorkspaceTarget target)
    {
        var server = _servers.For(target.DomainId);
        var role = RoleOf(target.ResourceKey);
        await CloseAccessAsync(target);
        await using var connection = await server.Source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var exists = await RoleExistsAsync(connection, role);
        // Membership for this transaction only (rolled back or dropped with the role): DROP OWNED needs it,
        // and the rows are counted as the role itself, so no code of the tenant's (a row policy, say) runs
        // with the driver's privileges.
        if (exists) await ExecuteAsync(connection, $"GRANT {role} TO CURRENT_USER");
        var tables = new List<(string Name, long Rows)>();
        var names = await TablesAsync(connection, role);
        if (exists && names.Count > 0)
        {
            // As the owner, the table is made plainly readable first (its own SELECT back, row security
            // off): the count runs none of the tenant's policies and cannot be refused by them.
            await ExecuteAsync(connection, $"SET LOCAL ROLE {role}; SET LOCAL statement_timeout = '5min'");
            foreach (var table in names)
            {
                var qualified = $"{role}.\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
                await ExecuteAsync(connection, $"GRANT SELECT ON {qualified} TO {role}; ALTER TABLE {qualified} DISABLE ROW LEVEL SECURITY");
                tables.Add((table, await ScalarAsync<long>(connection, $"SELECT count(*) FROM {qualified}")));
            }
            await ExecuteAsync(connection, "RESET ROLE");
        }
        var deletedAt = _clock.Now();
        var manifest = JsonSerializer.Serialize(new
        {
            workspace = target.WorkspaceId,
            resourceKey = target.ResourceKey,
            database = server.Database,
            schema = role,
            role,
            tables = tables.Select(t => new { name = t.Name, rows = t.Rows }),
            deletedAt = deletedAt.UtcDateTime.ToString("O"),
        });
        await ExecuteAsync(connection, $"DROP SCHEMA IF EXISTS {role} CASCADE; DROP SCHEMA IF EXISTS {WorkspaceViews.SchemaOf(role)} CASCADE");
        if (exists)
        {
            await ExecuteAsync(connection, $"DROP OWNED BY {role}");
            await ExecuteAsync(connection, $"DROP ROLE {role}");
        }
        await tx.CommitAsync();
        _logger.LogInformation("Workspace {Workspace} deleted: {Tables} tables", target.WorkspaceId, tables.Count);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)));
        return new DeletionCertificate(hash, deletedAt, Operator, manifest);
    }

    public async Task<bool> PurgeLogsAsync(WorkspaceTarget target)
    {
        await using var cmd = _controller.CreateCommand("DELETE FROM access_log WHERE resource_key = @key");
        cmd.Parameters.AddWithValue("key", target.ResourceKey);
        var purged = await cmd.ExecuteNonQueryAsync();
        _logger.LogInformation("Workspace {Workspace}: {Rows} access log rows purged", target.WorkspaceId, purged);
        return true;
    }

    /// <summary>The role can no longer log in, then every session it has is ended (in that order, so none slips in).</summary>
    private async Task CloseAccessAsync(WorkspaceTarget target)
    {
        var role = RoleOf(target.ResourceKey);
        await using var connection = await _servers.For(target.DomainId).Source.OpenConnectionAsync();
        // One round trip (and its own commit) before the sessions are ended: a suspension's 200 waits for this.
        await ExecuteAsync(connection, $"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN ALTER ROLE {role} NOLOGIN; END IF; END $$");
        await EndSessionsAsync(connection, [role]);
    }

    /// <summary>
    /// Ends every session of <paramref name="roles"/> and returns once the data server lists none: a signalled backend
    /// is listed until it has exited, so a caller's 200 follows sessions gone, not merely told to go. Signalled again
    /// while listed (one that was still logging in when the login closed is caught too); a session that outlives
    /// <see cref="SessionEndTimeout"/> fails the call, which is retried.
    /// </summary>
    private static async Task EndSessionsAsync(NpgsqlConnection connection, string[] roles)
    {
        var started = Stopwatch.GetTimestamp();
        // pg_signal_backend (granted to the driver's login), not a membership of the roles.
        while (await ScalarAsync<long>(connection,
                   "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ANY(@roles)", ("roles", roles)) > 0)
        {
            if (Stopwatch.GetElapsedTime(started) > SessionEndTimeout)
            {
                throw new TimeoutException($"Sessions of {roles.Length} workspace role(s) did not end within {SessionEndTimeout.TotalSeconds:0} s.");
            }
            await Task.Delay(SessionEndPoll);
        }
    }

    private static async Task<List<string>> TablesAsync(NpgsqlConnection connection, string schema)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = @schema ORDER BY tablename", connection);
        cmd.Parameters.AddWithValue("schema", schema);
        var tables = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    private static Task<bool> RoleExistsAsync(NpgsqlConnection connection, string role) =>
        ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)", ("role", role));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
