using System.Globalization;
using System.Text.Json;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Usage;

/// <summary>
/// The usage log end to end (DATAPLANE.md §4): a workspace login's connection, statements and disconnection
/// on the data server, logged by the data server itself, visible in <c>GET /v1/workspaces/{id}/usage</c>
/// within 10 s; kept until the retention ends, then purged.
/// </summary>
[Collection(UsageStackCollection.Name)]
public sealed class UsageLogTests(UsageStackFixture stack)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly ApiClient _api = new(stack.Http, stack.Tokens);
    private Scenarios World => new(_api);

    [Fact]
    public async Task StatementsAndConnections_OfTheWorkspaceLogin_AppearInItsUsageLog_WithinTenSeconds()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());
        var resources = await CredentialsAsync(id, uscc);
        var marker = $"usage-{Guid.NewGuid():N}";

        string session;
        await using (var connection = await OpenAsync(resources))
        {
            await ExecuteAsync(connection, $"CREATE TABLE notes (x text); INSERT INTO notes VALUES ('{marker}')");
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM notes WHERE x = @x", connection);
            cmd.Parameters.AddWithValue("x", marker);
            await cmd.ExecuteScalarAsync();
            session = await SessionIdAsync(connection);
        }

        var records = await Polling.UntilAsync(() => UsageAsync(id, "authority"),
            r => r.Any(x => x.Kind == "disconnect" && x.Session == session), Within, "the session's disconnection in the usage log");
        var mine = records.Where(r => r.Session == session).ToList();
        Assert.Equal("connect", mine[0].Kind);
        Assert.Equal("disconnect", mine[^1].Kind);
        // Npgsql sends the two statements of one command as a batch: the server logs each.
        Assert.Contains(mine, r => r.Kind == "statement" && r.Statement == "CREATE TABLE notes (x text)");
        Assert.Contains(mine, r => r.Kind == "statement" && r.Statement == $"INSERT INTO notes VALUES ('{marker}')");
        Assert.Contains(mine, r => r.Kind == "statement" && r.Statement == "SELECT count(*) FROM notes WHERE x = $1");
        Assert.Single(mine, r => r.Kind == "connect");
        Assert.Equal(records.Select(r => r.Seq).Order(), records.Select(r => r.Seq));
    }

    [Fact]
    public async Task Usage_IsReadByItsOwnUnitAndTheSupervisors_NotByAnotherUnitOrAutomation()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());

        var own = await _api.GetAsync($"/v1/workspaces/{id}/usage", "unit", unit: uscc);
        var other = await _api.GetAsync($"/v1/workspaces/{id}/usage", "unit", unit: Scenarios.NewUscc());
        var automation = await _api.GetAsync($"/v1/workspaces/{id}/usage", "automation");
        var supervisor = await _api.GetAsync($"/v1/workspaces/{id}/usage", "supervisor");
        var unknown = await _api.GetAsync($"/v1/workspaces/{Ids.New("auth")}/usage", "auditor");

        Assert.Equal(200, own.Status);
        Assert.Equal((404, "not-found"), (other.Status, other.Code));
        Assert.Equal(403, automation.Status);
        Assert.Equal(200, supervisor.Status);
        Assert.Equal((404, "not-found"), (unknown.Status, unknown.Code));
    }

    [Theory]
    [InlineData("kind=select")]
    [InlineData("from=yesterday")]
    [InlineData("cursor=abc")]
    [InlineData("limit=501")]
    [InlineData("from=2026-12-04T00:00:00Z&to=2026-12-03T00:00:00Z")]
    public async Task Usage_WithABadQuery_Is400ValidationFailed(string query)
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());

        var reply = await _api.GetAsync($"/v1/workspaces/{id}/usage?{query}", "auditor");

        Assert.Equal((400, "validation-failed"), (reply.Status, reply.Code));
    }

    [Fact]
    public async Task Usage_FilteredByKindAndPaged_ReturnsEachRecordOnce()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());
        var resources = await CredentialsAsync(id, uscc);
        await using (var connection = await OpenAsync(resources))
        {
            for (var i = 0; i < 5; i++) await ExecuteAsync(connection, $"SELECT {i}");
        }
        await Polling.UntilAsync(() => UsageAsync(id, "auditor"), r => r.Any(x => x.Kind == "disconnect"), Within, "the disconnection");

        var pages = new List<Record>();
        string? cursor = null;
        do
        {
            var reply = await _api.GetAsync($"/v1/workspaces/{id}/usage?kind=statement&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}", "auditor");
            Assert.Equal(200, reply.Status);
            pages.AddRange(reply.Json.GetProperty("items").EnumerateArray().Select(Record.From));
            cursor = reply.Json.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.All(pages, r => Assert.Equal("statement", r.Kind));
        Assert.Equal(pages.Count, pages.Select(r => r.Seq).Distinct().Count());
        // Npgsql's own first statement (its type catalogue) is the login's too, and logged as such.
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"SELECT {i}"), pages.Select(r => r.Statement).Where(s => s!.Length == 8));
    }

    [Fact]
    public async Task LogsPurged_BeforeTheRetentionEnds_Is409RetentionNotOver_ThenTheDeadlinePurgesTheUsageLog()
    {
        var uscc = await World.QualifiedUnitAsync();
        var start = await World.NowAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: start, termMonths: 6);
        var resources = await CredentialsAsync(id, uscc);
        var role = resources.GetProperty("username").GetString()!;
        await using (var connection = await OpenAsync(resources))
        {
            await ExecuteAsync(connection, "SELECT 1");
        }
        await Polling.UntilAsync(() => UsageAsync(id, "auditor"), r => r.Any(x => x.Kind == "disconnect"), Within, "the disconnection");
        await World.AdvanceToAsync(start.AddMonths(6).AddDays(1));
        var deleted = await _api.GetAsync($"/v1/workspaces/{id}");
        Assert.Equal("deleted", deleted.Str("state"));
        var retention = DateTimeOffset.Parse(deleted.Str("logRetentionUntil")!, CultureInfo.InvariantCulture);
        var stored = await UsageRowsAsync(role);

        var early = await _api.PostAsync($"/v1/workspaces/{id}/logs-purged", "automation");

        Assert.Equal((409, "retention-not-over"), (early.Status, early.Code));
        Assert.Equal("deleted", (await _api.GetAsync($"/v1/workspaces/{id}")).Str("state"));
        Assert.Equal(stored, await UsageRowsAsync(role));
        Assert.True(stored >= 3);

        await World.AdvanceToAsync(retention.AddMinutes(1));

        Assert.Equal("purged", (await _api.GetAsync($"/v1/workspaces/{id}")).Str("state"));
        await Polling.UntilAsync(() => UsageRowsAsync(role), n => n == 0, Within, "the usage log purged");
        Assert.Empty(await UsageAsync(id, "auditor"));
    }

    /// <summary>A fresh password for the workspace's login, as its unit gets one (the controller stores none).</summary>
    internal async Task<System.Text.Json.JsonElement> CredentialsAsync(string id, string uscc)
    {
        var credentials = await _api.PostAsync($"/v1/workspaces/{id}/credentials", "unit", new { }, unit: uscc);
        Assert.Equal(200, credentials.Status);
        return credentials.Json;
    }

    private async Task<List<Record>> UsageAsync(string id, string role)
    {
        var reply = await _api.GetAsync($"/v1/workspaces/{id}/usage?limit=500", role);
        Assert.Equal(200, reply.Status);
        return reply.Json.GetProperty("items").EnumerateArray().Select(Record.From).ToList();
    }

    private async Task<long> UsageRowsAsync(string role)
    {
        await using var db = NpgsqlDataSource.Create(stack.Database.Admin);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM usage_log WHERE role = @role");
        cmd.Parameters.AddWithValue("role", role);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    internal static async Task<NpgsqlConnection> OpenAsync(JsonElement resources)
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
        await connection.OpenAsync();
        return connection;
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>jsonlog's session id: the backend's start time and pid in hex (<c>%c</c> of log_line_prefix).</summary>
    private static async Task<string> SessionIdAsync(NpgsqlConnection connection)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT to_hex(trunc(extract(epoch FROM backend_start))::int) || '.' || to_hex(pid) FROM pg_stat_activity WHERE pid = pg_backend_pid()", connection);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private sealed record Record(long Seq, string Kind, string Session, string? Statement, string[] Datasets)
    {
        public static Record From(JsonElement e) => new(
            e.GetProperty("seq").GetInt64(), e.GetProperty("kind").GetString()!, e.GetProperty("session").GetString()!,
            e.GetProperty("statement").GetString(), e.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()!).ToArray());
    }
}
