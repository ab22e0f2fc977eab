using System.Security.Cryptography;
using Domains.Grains.Drivers.Postgres;
using Domains.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Domains.Tests.Usage;

/// <summary>
/// The collector's exactly-once promise against a real data server: a crash between reading and committing,
/// and a restart, lose no logged line and count none twice.
/// </summary>
public sealed class UsageLogCollectorTests
{
    private const string Server = "data";

    [Fact]
    public async Task Collector_CrashedBeforeCommitAndRestarted_RecordsEveryStatementExactlyOnce()
    {
        var database = PostgresServer.Instance.CreateDatabase("usagecrash");
        await using var controller = NpgsqlDataSource.Create(database.Silo);
        var (role, password) = await TenantRoleAsync();
        var markers = Enumerable.Range(0, 20).Select(i => $"m{i}-{Guid.NewGuid():N}").ToList();
        await RunStatementsAsync(role, password, markers[..10]);

        var first = Collector(controller);
        first.BeforeCommit = () => throw new IOException("the silo died before the commit");
        await Assert.ThrowsAsync<IOException>(async () =>
        {
            while (await first.CollectOnceAsync(Server))
            {
            }
        });
        first.BeforeCommit = null;
        await DrainAsync(first);
        first.Dispose();
        await RunStatementsAsync(role, password, markers[10..]);
        var second = Collector(controller);
        second.BeforeCommit = () => throw new IOException("the silo died again");
        await Assert.ThrowsAsync<IOException>(() => second.CollectOnceAsync(Server));
        second.Dispose();
        var third = Collector(controller);
        await DrainAsync(third);
        third.Dispose();

        foreach (var marker in markers)
        {
            Assert.Equal(1L, await CountAsync(controller, role, $"SELECT '{marker}'"));
        }
        Assert.Equal(2L, await CountAsync(controller, role, null, "connect"));
        Assert.Equal(2L, await CountAsync(controller, role, null, "disconnect"));
    }

    [Fact]
    public async Task Collector_RecordsOnlyWorkspaceLogins_AndNeverAPasswordTheyTyped()
    {
        var database = PostgresServer.Instance.CreateDatabase("usageonly");
        await using var controller = NpgsqlDataSource.Create(database.Silo);
        var (role, password) = await TenantRoleAsync();
        await using (var tenant = await OpenAsync(role, password))
        {
            await UsageLogTests.ExecuteAsync(tenant, "ALTER ROLE CURRENT_USER PASSWORD 'typed-secret-123'");
        }
        await using (var owner = new NpgsqlConnection(UsageDataServer.Instance.Owner))
        {
            await owner.OpenAsync();
            await UsageLogTests.ExecuteAsync(owner, "SELECT 'the owner is not a workspace'");
        }

        await DrainAsync(Collector(controller));

        Assert.Equal(0L, await CountAsync(controller, null, "SELECT 'the owner is not a workspace'"));
        Assert.Equal(1L, await CountAsync(controller, role, "ALTER ROLE CURRENT_USER PASSWORD '********'"));
        await using var leaked = controller.CreateCommand("SELECT count(*) FROM usage_log WHERE statement LIKE '%typed-secret-123%'");
        Assert.Equal(0L, (long)(await leaked.ExecuteScalarAsync())!);
    }

    private static UsageLogCollector Collector(NpgsqlDataSource controller) => new(controller,
        Options.Create(new UsageLogOptions { Servers = { [Server] = UsageDataServer.Instance.Reader }, ChunkBytes = 16 * 1024 }),
        NullLogger<UsageLogCollector>.Instance);

    /// <summary>Collects until the log holds nothing new; the data server writes its log asynchronously, so it first waits for the last line the test expects.</summary>
    private static async Task DrainAsync(UsageLogCollector collector)
    {
        while (await collector.CollectOnceAsync(Server))
        {
        }
    }

    private static async Task<(string Role, string Password)> TenantRoleAsync()
    {
        var role = "ws_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var owner = new NpgsqlConnection(UsageDataServer.Instance.Owner);
        await owner.OpenAsync();
        await UsageLogTests.ExecuteAsync(owner, $"SET log_statement = 'none'; CREATE ROLE {role} LOGIN PASSWORD '{password}' IN ROLE domains_workspace_users");
        return (role, password);
    }

    /// <summary>Runs the statements in one session and waits (bounded) until the data server's log holds its end.</summary>
    private static async Task RunStatementsAsync(string role, string password, IEnumerable<string> markers)
    {
        await using (var tenant = await OpenAsync(role, password))
        {
            foreach (var marker in markers) await UsageLogTests.ExecuteAsync(tenant, $"SELECT '{marker}'");
        }
        await Polling.UntilAsync(async () =>
        {
            await using var reader = NpgsqlDataSource.Create(UsageDataServer.Instance.Owner);
            await using var cmd = reader.CreateCommand(
                "SELECT count(*) FROM domains_usage.log_files() f, LATERAL (SELECT convert_from(pg_read_binary_file('log/' || f.name), 'UTF8') AS text) t WHERE t.text LIKE @pattern");
            cmd.Parameters.AddWithValue("pattern", $"%disconnection%user={role}%");
            return (long)(await cmd.ExecuteScalarAsync())!;
        }, n => n >= 1, TimeSpan.FromSeconds(10), "the session's end in the data server's log");
    }

    private static async Task<NpgsqlConnection> OpenAsync(string role, string password)
    {
        var builder = new NpgsqlConnectionStringBuilder(UsageDataServer.Instance.Owner) { Username = role, Password = password, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource controller, string? role, string? statement, string kind = "statement")
    {
        await using var cmd = controller.CreateCommand(
            "SELECT count(*) FROM usage_log WHERE (@role::text IS NULL OR role = @role) AND kind = @kind AND (@statement::text IS NULL OR statement = @statement)");
        cmd.Parameters.Add(new NpgsqlParameter("role", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)role ?? DBNull.Value });
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.Add(new NpgsqlParameter("statement", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)statement ?? DBNull.Value });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
