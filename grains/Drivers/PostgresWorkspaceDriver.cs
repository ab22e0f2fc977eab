using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Domains.Grains.Clock;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Domains.Grains.Drivers;

/// <summary>
/// The built-in driver: each workspace is a schema owned by its own login role in a PostgreSQL database
/// of the controller's. Access off = the role cannot log in and its sessions are ended; deletion drops
/// schema and role and certifies what was dropped (tables and row counts, hashed); the log purge deletes
/// the workspace's access log. Role and schema names are derived from the resource key (hex only), so
/// the DDL, which PostgreSQL cannot parameterise, never carries caller text.
/// </summary>
public sealed class PostgresWorkspaceDriver : IWorkspaceDriver, IAsyncDisposable
{
    private const string Operator = "domains-postgres-driver";

    /// <summary>
    /// The one role allowed to connect to the workspace database; every workspace role is a member. A
    /// grant per workspace would update the database's ACL row each time, and concurrent provisions
    /// collide on it ("tuple concurrently updated").
    /// </summary>
    private const string WorkspaceUsers = "domains_workspace_users";
    private static readonly char[] PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".ToCharArray();

    private readonly NpgsqlDataSource _controller;
    private readonly NpgsqlConnectionStringBuilder _workspaceDb;
    private readonly NpgsqlDataSource _workspaces;
    private readonly BusinessClock _clock;
    private readonly ILogger<PostgresWorkspaceDriver> _logger;
    private readonly SemaphoreSlim _databaseReady = new(1, 1);
    private bool _databaseExists;

    /// <param name="controllerConnectionString">The controller's own database (with its password: a data source's copy has none).</param>
    public PostgresWorkspaceDriver(
        NpgsqlDataSource controller, string controllerConnectionString, IOptions<WorkspaceOptions> options,
        BusinessClock clock, ILogger<PostgresWorkspaceDriver> logger)
    {
        _controller = controller;
        _clock = clock;
        _logger = logger;
        _workspaceDb = new NpgsqlConnectionStringBuilder(options.Value.PostgresConnectionString ?? controllerConnectionString);
        if (options.Value.PostgresConnectionString is null)
        {
            _workspaceDb.Database = $"{_workspaceDb.Database}_workspaces";
        }
        _workspaces = NpgsqlDataSource.Create(_workspaceDb.ConnectionString);
    }

    public string Name => "postgres";

    /// <summary>The role (and schema) name of a resource key: lower-case hex, a valid identifier without quoting.</summary>
    public static string RoleOf(string resourceKey) =>
        "ws_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resourceKey)))[..24];

    public async Task<string?> ProvisionAsync(WorkspaceTarget target)
    {
        await EnsureDatabaseAsync();
        var role = RoleOf(target.ResourceKey);
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 32);
        await using var connection = await _workspaces.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var exists = await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)", ("role", role));
        await ExecuteAsync(connection, exists
            ? $"ALTER ROLE {role} LOGIN PASSWORD '{password}'"
            : $"CREATE ROLE {role} LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT IN ROLE {WorkspaceUsers}");
        // The schema is the driver's and the role may use it and create in it: the role owns its tables
        // but cannot open its schema to another role. The driver (domains_provisioner) is a member of no
        // workspace role: holding 10,000 memberships slowed every privilege check and session kill.
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {role}");
        await ExecuteAsync(connection, $"GRANT USAGE, CREATE ON SCHEMA {role} TO {role}");
        await ExecuteAsync(connection, $"ALTER ROLE {role} SET search_path = {role}");
        await tx.CommitAsync();

        return JsonSerializer.Serialize(new
        {
            driver = Name,
            host = _workspaceDb.Host,
            port = _workspaceDb.Port,
            database = _workspaceDb.Database,
            schema = role,
            username = role,
            password,
        });
    }

    public Task SuspendAsync(WorkspaceTarget target) => CloseAccessAsync(target);

    public Task CloseAsync(WorkspaceTarget target) => CloseAccessAsync(target);

    public async Task ReinstateAsync(WorkspaceTarget target)
    {
        var role = RoleOf(target.ResourceKey);
        await using var connection = await _workspaces.OpenConnectionAsync();
        if (await RoleExistsAsync(connection, role)) await ExecuteAsync(connection, $"ALTER ROLE {role} LOGIN");
    }

    public async Task<DeletionCertificate?> DeleteDataAsync(WorkspaceTarget target)
    {
        await EnsureDatabaseAsync();
        var role = RoleOf(target.ResourceKey);
        await CloseAccessAsync(target);
        await using var connection = await _workspaces.OpenConnectionAsync();
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
            database = _workspaceDb.Database,
            schema = role,
            role,
            tables = tables.Select(t => new { name = t.Name, rows = t.Rows }),
            deletedAt = deletedAt.UtcDateTime.ToString("O"),
        });
        await ExecuteAsync(connection, $"DROP SCHEMA IF EXISTS {role} CASCADE");
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

    public async ValueTask DisposeAsync() => await _workspaces.DisposeAsync();

    /// <summary>The role can no longer log in, then every session it has is ended (in that order, so none slips in).</summary>
    private async Task CloseAccessAsync(WorkspaceTarget target)
    {
        var role = RoleOf(target.ResourceKey);
        await using var connection = await _workspaces.OpenConnectionAsync();
        if (await RoleExistsAsync(connection, role)) await ExecuteAsync(connection, $"ALTER ROLE {role} NOLOGIN");
        // pg_signal_backend (granted to the driver's login), not a membership of the role.
        await ScalarAsync<long>(connection,
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = @role", ("role", role));
    }

    private async Task EnsureDatabaseAsync()
    {
        if (_databaseExists) return;
        await _databaseReady.WaitAsync();
        try
        {
            if (_databaseExists) return;
            var admin = new NpgsqlConnectionStringBuilder(_workspaceDb.ConnectionString) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            var exists = await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", ("name", _workspaceDb.Database!));
            if (!exists)
            {
                try
                {
                    await ExecuteAsync(connection, $"CREATE DATABASE \"{_workspaceDb.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                    // Another silo created it first.
                }
            }
            await using (var workspaceDb = await _workspaces.OpenConnectionAsync())
            {
                if (!await RoleExistsAsync(workspaceDb, WorkspaceUsers))
                {
                    try
                    {
                        await ExecuteAsync(workspaceDb, $"CREATE ROLE {WorkspaceUsers} NOLOGIN");
                    }
                    catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
                    {
                        // Roles belong to the server: another controller database's silo created it first.
                    }
                }
                await using var tx = await workspaceDb.BeginTransactionAsync();
                // Silos starting together take turns on the database's ACL.
                await ScalarAsync<string>(workspaceDb, "SELECT pg_advisory_xact_lock(hashtext('domains-workspace-setup'))::text");
                await ExecuteAsync(workspaceDb, $"REVOKE ALL ON DATABASE \"{_workspaceDb.Database}\" FROM PUBLIC");
                await ExecuteAsync(workspaceDb, $"GRANT CONNECT ON DATABASE \"{_workspaceDb.Database}\" TO {WorkspaceUsers}");
                await tx.CommitAsync();
            }
            _databaseExists = true;
        }
        finally
        {
            _databaseReady.Release();
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
