using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

/// <summary>The built-in PostgreSQL driver against the real server: logins, sessions, deletion evidence, log purge.</summary>
[Collection(StackCollection.Name)]
public sealed class PostgresWorkspaceTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task WorkspaceRole_IsCutOffBySuspension_RestoredByReinstatement_AndDroppedWithCertificateOnExpiry_ThenLogsPurged()
    {
        var uscc = await World.QualifiedUnitAsync();
        var start = await World.NowAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: start, termMonths: 6);
        var workspace = await _api.GetAsync($"/v1/workspaces/{id}");
        Assert.Equal("active", workspace.Str("state"));
        Assert.Equal("applied", workspace.Str("enforcement"));
        var credentials = await _api.PostAsync($"/v1/workspaces/{id}/credentials", "unit", new { }, unit: uscc);
        Assert.Equal(200, credentials.Status);
        var resources = credentials.Json;
        await using var session = await OpenAsync(resources);
        await ExecuteAsync(session, "CREATE TABLE readings (x int); INSERT INTO readings VALUES (1), (2), (3)");
        Assert.Equal((true, "allowed"), await AccessAsync(id, uscc));
        var role = resources.GetProperty("username").GetString()!;
        Assert.Equal(0L, await ProvisionerMembershipsAsync(role));
        Assert.Equal(1L, await DataScalarAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{role}'"));
        Assert.Equal(0L, await ControllerScalarAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{role}'"));

        var suspend = await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "breach" });

        Assert.Equal(200, suspend.Status);
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync(session, "SELECT 1"));
        var refused = await Assert.ThrowsAsync<PostgresException>(async () => await OpenAsync(resources));
        Assert.Equal("28000", refused.SqlState);
        Assert.Equal("authorization-suspended", (await AccessAsync(id, uscc)).Reason);

        await _api.PostAsync($"/v1/authorizations/{id}/reinstate", "supervisor", new { note = "fixed" });
        await using (var again = await OpenAsync(resources))
        {
            Assert.Equal(3L, await ScalarAsync(again, "SELECT count(*) FROM readings"));
        }
        Assert.True((await AccessAsync(id, uscc)).Allowed);

        await World.AdvanceToAsync(start.AddMonths(6).AddDays(1));
        var deleted = await _api.GetAsync($"/v1/workspaces/{id}");
        Assert.Equal("deleted", deleted.Str("state"));
        var certificate = deleted.Json.GetProperty("deletion").GetProperty("certificate");
        var manifest = certificate.GetProperty("manifest");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.GetRawText()))), certificate.GetProperty("manifestSha256").GetString());
        var table = Assert.Single(manifest.GetProperty("tables").EnumerateArray());
        Assert.Equal("readings", table.GetProperty("name").GetString());
        Assert.Equal(3, table.GetProperty("rows").GetInt64());
        Assert.Equal(0L, await DataScalarAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{role}'"));
        Assert.Equal(0L, await ProvisionerMembershipsAsync(role));
        Assert.True(await WaitAsync(async () => await ControllerScalarAsync($"SELECT count(*) FROM access_log WHERE workspace_id = '{id}'") == 3));

        var retention = DateTimeOffset.Parse(deleted.Str("logRetentionUntil")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateTimeOffset.Parse(deleted.Str("closedAt")!, System.Globalization.CultureInfo.InvariantCulture).AddMonths(6), retention);
        await World.AdvanceToAsync(retention.AddMinutes(1));

        var purged = await _api.GetAsync($"/v1/workspaces/{id}");
        Assert.Equal("purged", purged.Str("state"));
        Assert.Equal(0L, await ControllerScalarAsync($"SELECT count(*) FROM access_log WHERE workspace_id = '{id}'"));
    }

    private async Task<(bool Allowed, string Reason)> AccessAsync(string workspace, string unit, string dataset = "ds-hospital-visits")
    {
        var reply = await _api.GetAsync($"/v1/access?workspace={workspace}&unit={unit}&dataset={dataset}", "automation");
        return (reply.Json.GetProperty("allowed").GetBoolean(), reply.Str("reason")!);
    }

    private static async Task<NpgsqlConnection> OpenAsync(JsonElement resources)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = resources.GetProperty("host").GetString(),
            Port = resources.GetProperty("port").GetInt32(),
            Database = resources.GetProperty("database").GetString(),
            Username = resources.GetProperty("username").GetString(),
            Password = resources.GetProperty("password").GetString(),
            Pooling = false,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The driver's login as a member of any workspace role (this one or any other): none, ever. Each such
    /// membership slows every privilege check of that login (the session kill 18× at 10k workspaces).
    /// </summary>
    private async Task<long> ProvisionerMembershipsAsync(string role) => await DataScalarAsync($"""
        SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
        WHERE r.rolname = 'domains_provisioner' AND (g.rolname = '{role}' OR g.rolname LIKE 'ws\_%')
        """);

    private async Task<long> DataScalarAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(stack.Database.DataAdmin);
        return (long)(await db.CreateCommand(sql).ExecuteScalarAsync())!;
    }

    private async Task<long> ControllerScalarAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        return (long)(await db.CreateCommand(sql).ExecuteScalarAsync())!;
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
