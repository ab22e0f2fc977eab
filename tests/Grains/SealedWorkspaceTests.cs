using System.Text;
using System.Text.Json;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

/// <summary>
/// A workspace on the domain's data server (DATAPLANE.md §3), against two real PostgreSQL servers: it reads
/// its authorized views and nothing else, sensitive columns are pseudonymized or dropped, credentials are
/// the owner's alone and never stored in clear.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class SealedWorkspaceTests(StackFixture stack)
{
    private const string InsufficientPrivilege = "42501";
    private const string UndefinedTable = "42P01";
    private const string UndefinedColumn = "42703";

    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task WorkspaceRole_ReadsItsAuthorizedViews_AndNothingElse()
    {
        var (id, uscc) = await ActiveWorkspaceAsync("ds-hospital-visits", "ds-traffic");
        var (other, otherUscc) = await ActiveWorkspaceAsync("ds-traffic");
        var credentials = await CredentialsAsync(id, uscc);
        var otherSchema = (await CredentialsAsync(other, otherUscc)).GetProperty("schema").GetString()!;
        await using var session = await OpenAsync(credentials);

        Assert.Equal(12_000L, await ScalarAsync<long>(session, "SELECT count(*) FROM ds_hospital_visits"));
        Assert.Equal(12_000L, await ScalarAsync<long>(session, "SELECT count(*) FROM ds_traffic"));
        await ExecuteAsync(session, "CREATE TABLE results (district text, visits bigint); INSERT INTO results VALUES ('Gulou', 1)");
        Assert.Equal(1L, await ScalarAsync<long>(session, "SELECT count(*) FROM results"));
        Assert.Equal(credentials.GetProperty("schema").GetString(),
            await ScalarAsync<string>(session, "SELECT table_schema::text FROM information_schema.tables WHERE table_name = 'results'"));

        await AssertRefusedAsync(session, "SELECT count(*) FROM public_data.hospital_visits", InsufficientPrivilege);
        await AssertRefusedAsync(session, "SELECT count(*) FROM ds_weather", UndefinedTable);
        await AssertRefusedAsync(session, $"SELECT count(*) FROM {otherSchema}_ds.ds_traffic", InsufficientPrivilege);
        await AssertRefusedAsync(session, $"CREATE TABLE {otherSchema}.planted (x int)", InsufficientPrivilege);
        await AssertRefusedAsync(session, "SELECT count(*) FROM domains_seal.domain_secrets", InsufficientPrivilege);
        await AssertRefusedAsync(session, "SELECT pg_read_file('/etc/passwd')", InsufficientPrivilege);
        await AssertRefusedAsync(session, "COPY (SELECT 1) TO PROGRAM 'true'", InsufficientPrivilege);
        await AssertRefusedAsync(session, "COPY (SELECT 1) TO '/tmp/domains-escape.csv'", InsufficientPrivilege);
        await AssertRefusedAsync(session, "CREATE EXTENSION dblink", InsufficientPrivilege);
        await AssertRefusedAsync(session, "CREATE SERVER elsewhere FOREIGN DATA WRAPPER postgres_fdw", "42704");
        await AssertRefusedAsync(session, "CREATE SCHEMA mine", InsufficientPrivilege);
        await AssertRefusedAsync(session, "SELECT lo_from_bytea(0, 'x'::bytea)", InsufficientPrivilege);
        await AssertRefusedAsync(session, "CREATE TEMP TABLE scratch (x int)", InsufficientPrivilege);
        var controller = new NpgsqlConnectionStringBuilder(stack.ConnectionString);
        var toController = new NpgsqlConnectionStringBuilder(ConnectionString(credentials)) { Host = controller.Host, Port = controller.Port, Database = controller.Database };
        await Assert.ThrowsAsync<PostgresException>(async () => await OpenAsync(toController.ConnectionString));
    }

    [Fact]
    public async Task SensitiveColumns_ArePseudonymizedEqualForEqualInputsAndNeverClear_OrDropped()
    {
        var (id, uscc) = await ActiveWorkspaceAsync("ds-hospital-visits");
        await using var session = await OpenAsync(await CredentialsAsync(id, uscc));
        await using var data = NpgsqlDataSource.Create(stack.Database.DataAdmin);

        var columns = await ListAsync(session, "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'ds_hospital_visits' ORDER BY ordinal_position");
        var pseudonyms = await ListAsync(session, "SELECT DISTINCT patient_id_number FROM ds_hospital_visits");
        var clear = await ListAsync(data, "SELECT DISTINCT patient_id_number FROM public_data.hospital_visits");

        Assert.Equal(new[] { "patient_id_number", "clinic", "department", "visited_at" }, columns);
        Assert.Equal(clear.Count, pseudonyms.Count);
        Assert.All(pseudonyms, p => Assert.Matches("^[0-9a-f]{64}$", p));
        Assert.Empty(pseudonyms.Intersect(clear));
        await AssertRefusedAsync(session, "SELECT patient_name FROM ds_hospital_visits", UndefinedColumn);
        var viewText = await ScalarAsync<string>(session, "SELECT pg_get_viewdef('ds_hospital_visits'::regclass)");
        await using var admin = await data.OpenConnectionAsync();
        var secret = await ScalarAsync<byte[]>(admin, "SELECT secret FROM domains_seal.domain_secrets LIMIT 1");
        Assert.DoesNotContain(Convert.ToHexStringLower(secret), viewText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_OnlyForTheOwningUnit_FreshEachCall_ThePreviousStopsWorking()
    {
        var (id, uscc) = await ActiveWorkspaceAsync("ds-traffic");

        var first = await CredentialsAsync(id, uscc);
        var second = await CredentialsAsync(id, uscc);
        var stranger = await _api.PostAsync($"/v1/workspaces/{id}/credentials", "unit", new { }, unit: Scenarios.NewUscc());
        var supervisor = await _api.PostAsync($"/v1/workspaces/{id}/credentials", "supervisor", new { });
        var workspace = await _api.GetAsync($"/v1/workspaces/{id}", "supervisor");

        Assert.NotEqual(first.GetProperty("password").GetString(), second.GetProperty("password").GetString());
        var stale = await Assert.ThrowsAsync<PostgresException>(async () => await OpenAsync(ConnectionString(first)));
        Assert.Equal("28P01", stale.SqlState);
        await using (var fresh = await OpenAsync(second)) Assert.Equal(1, await ScalarAsync<int>(fresh, "SELECT 1"));
        Assert.Equal(404, stranger.Status);
        Assert.Equal(403, supervisor.Status);
        var connection = workspace.Json.GetProperty("connection");
        Assert.Equal(second.GetProperty("username").GetString(), connection.GetProperty("username").GetString());
        Assert.Equal(second.GetProperty("datasetSchema").GetString(), connection.GetProperty("datasetSchema").GetString());
        Assert.DoesNotContain("password", workspace.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NoClearPassword_AnywhereInTheControllersDatabase_AfterProvisioningAndRotation()
    {
        var (id, uscc) = await ActiveWorkspaceAsync("ds-traffic");
        var passwords = new List<string>();
        for (var i = 0; i < 3; i++) passwords.Add((await CredentialsAsync(id, uscc, idempotencyKey: $"rotate-{i}")).GetProperty("password").GetString()!);
        await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "audit" });

        var found = await TablesHoldingAsync(passwords);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Credentials_OfAWorkspaceNotActive_Is409InvalidTransition()
    {
        var (id, uscc) = await ActiveWorkspaceAsync("ds-traffic");
        await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "breach" });

        var refused = await _api.PostAsync($"/v1/workspaces/{id}/credentials", "unit", new { }, unit: uscc);

        Assert.Equal(409, refused.Status);
        Assert.Equal("invalid-transition", refused.Code);
    }

    [Fact]
    public async Task DomainSuspension_EndsTheSessionsOfAllItsWorkspaces_AndResumptionReopensOnlyTheRightOnes()
    {
        var domain = await World.OperationalDomainAsync();
        var notice = await World.OpenNoticeAsync(domain);
        var workspaces = new List<(string Id, JsonElement Credentials)>();
        for (var i = 0; i < 3; i++)
        {
            var uscc = await World.QualifiedUnitAsync();
            var id = await AuthorizeAsync(uscc, notice, ["ds-traffic"], await World.NowAsync(), renews: null);
            workspaces.Add((id, await CredentialsAsync(id, uscc)));
        }
        var (a, b, c) = (workspaces[0], workspaces[1], workspaces[2]);
        Assert.Equal(200, (await _api.PostAsync($"/v1/authorizations/{c.Id}/suspend", "supervisor", new { reason = "breach" })).Status);
        await using var sessionA = await OpenAsync(a.Credentials);
        await using var sessionB = await OpenAsync(b.Credentials);

        var suspended = await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "incident" });

        Assert.Equal(200, suspended.Status);
        await Assert.ThrowsAnyAsync<Exception>(() => ScalarAsync<int>(sessionA, "SELECT 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => ScalarAsync<int>(sessionB, "SELECT 1"));
        foreach (var (_, credentials) in workspaces)
        {
            Assert.Equal("28000", (await Assert.ThrowsAsync<PostgresException>(async () => await OpenAsync(credentials))).SqlState);
        }

        var resumed = await _api.PostAsync($"/v1/domains/{domain}/resume", "supervisor", new { reason = "resolved" });

        Assert.Equal(200, resumed.Status);
        await using (var again = await OpenAsync(a.Credentials)) Assert.Equal(1, await ScalarAsync<int>(again, "SELECT 1"));
        await using (var again = await OpenAsync(b.Credentials)) Assert.Equal(1, await ScalarAsync<int>(again, "SELECT 1"));
        Assert.Equal("28000", (await Assert.ThrowsAsync<PostgresException>(async () => await OpenAsync(c.Credentials))).SqlState);
    }

    [Fact]
    public async Task ReinstatementDuringADomainsSuspension_IsAppliedClosed_TheResumptionOpensIt_AndOneSuspendedMeanwhileStaysClosed()
    {
        var domain = await World.OperationalDomainAsync();
        var notice = await World.OpenNoticeAsync(domain);
        var (reinstated, kept) = (await ActiveInAsync(notice), await ActiveInAsync(notice));
        Assert.Equal(200, (await _api.PostAsync($"/v1/authorizations/{reinstated.Id}/suspend", "supervisor", new { reason = "breach" })).Status);
        Assert.Equal(200, (await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "incident" })).Status);

        var reinstate = await _api.PostAsync($"/v1/authorizations/{reinstated.Id}/reinstate", "supervisor", new { note = "resolved" });
        var suspend = await _api.PostAsync($"/v1/authorizations/{kept.Id}/suspend", "supervisor", new { reason = "breach" });

        Assert.Equal(200, reinstate.Status);
        Assert.Equal(200, suspend.Status);
        await AssertWorkspaceAsync(reinstated.Id, accessOpen: true);
        await AssertWorkspaceAsync(kept.Id, accessOpen: false);
        await AssertLoginRefusedAsync(reinstated.Credentials);
        await AssertLoginRefusedAsync(kept.Credentials);

        var resumed = await _api.PostAsync($"/v1/domains/{domain}/resume", "supervisor", new { reason = "resolved" });

        Assert.Equal(200, resumed.Status);
        await AssertWorkspaceAsync(reinstated.Id, accessOpen: true);
        await AssertWorkspaceAsync(kept.Id, accessOpen: false);
        await using (var session = await OpenAsync(reinstated.Credentials)) Assert.Equal(1, await ScalarAsync<int>(session, "SELECT 1"));
        await AssertLoginRefusedAsync(kept.Credentials);
    }

    [Fact]
    public async Task CatalogueEntryChanged_AWorkspaceReadingIt_SeesTheNewTreatmentsBeforeThe200()
    {
        var domain = await World.OperationalDomainAsync();
        var uscc = await World.QualifiedUnitAsync();
        var id = await AuthorizeAsync(uscc, await World.OpenNoticeAsync(domain), ["ds-weather"], await World.NowAsync(), renews: null);
        var credentials = await CredentialsAsync(id, uscc);
        string clear;
        await using (var before = await OpenAsync(credentials)) clear = await ScalarAsync<string>(before, "SELECT district FROM ds_weather ORDER BY hour LIMIT 1");

        var changed = await _api.PutAsync($"/v1/domains/{domain}/datasets/ds-weather", "authority", new
        {
            title = "Parking occupancy", department = "Transport Bureau", classification = "sensitive", table = "public_data.parking_occupancy",
            sensitiveColumns = new object[] { new { name = "district", treatment = "pseudonymize" }, new { name = "lot_id", treatment = "drop" } },
        });

        Assert.Equal(200, changed.Status);
        await using var after = await OpenAsync(credentials);
        var hashed = await ScalarAsync<string>(after, "SELECT district FROM ds_weather ORDER BY hour LIMIT 1");
        Assert.NotEqual(clear, hashed);
        Assert.Matches("^[0-9a-f]{64}$", hashed);
        await AssertRefusedAsync(after, "SELECT lot_id FROM ds_weather", UndefinedColumn);
    }

    /// <summary>The workspace's own state and the data server agree: <c>enforcement</c> is applied at once, not pending.</summary>
    private async Task AssertWorkspaceAsync(string id, bool accessOpen)
    {
        var workspace = await _api.GetAsync($"/v1/workspaces/{id}");
        Assert.Equal(accessOpen, workspace.Json.GetProperty("accessOpen").GetBoolean());
        Assert.Equal("applied", workspace.Str("enforcement"));
    }

    private static async Task AssertLoginRefusedAsync(JsonElement credentials) =>
        Assert.Equal("28000", (await Assert.ThrowsAsync<PostgresException>(async () => await OpenAsync(credentials))).SqlState);

    private async Task<(string Id, JsonElement Credentials)> ActiveInAsync(string notice)
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await AuthorizeAsync(uscc, notice, ["ds-traffic"], await World.NowAsync(), renews: null);
        return (id, await CredentialsAsync(id, uscc));
    }

    [Fact]
    public async Task RenewalHandOver_RepointsTheViews_ToTheRenewalsDatasets()
    {
        var uscc = await World.QualifiedUnitAsync();
        var domain = await World.OperationalDomainAsync();
        var start = await World.NowAsync();
        var prior = await AuthorizeAsync(uscc, await World.OpenNoticeAsync(domain), ["ds-hospital-visits"], start, renews: null);
        var renewal = await AuthorizeAsync(uscc, await World.OpenNoticeAsync(domain), ["ds-traffic"], start.AddMonths(1), renews: prior);

        var workspace = await _api.GetAsync($"/v1/workspaces/{renewal}");
        await using var session = await OpenAsync(await CredentialsAsync(renewal, uscc));

        Assert.Equal(prior, workspace.Str("handedOverFrom"));
        Assert.Equal(12_000L, await ScalarAsync<long>(session, "SELECT count(*) FROM ds_traffic"));
        await AssertRefusedAsync(session, "SELECT count(*) FROM ds_hospital_visits", UndefinedTable);
    }

    [Fact]
    public async Task StrippingMigration_TakesStoredPasswordsOutOfStateAndListRows_AndARepeatChangesNothing()
    {
        var id = Ids.New("ws-legacy");
        var resources = """{"driver":"postgres","host":"h","port":1,"database":"d","schema":"s","username":"u","password":"Legacy7Secret"}""";
        var state = JsonSerializer.SerializeToUtf8Bytes(new { version = 3, resourcesJson = resources, idempotency = new[] { new { value = new { resourcesJson = resources } } } });
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using (var insert = db.CreateCommand("""
            INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, grainidhash, graintypehash, payloadbinary, version)
            VALUES ('legacy-test', 'workspace', 0, 0, @id, 0, 0, @payload, 1);
            INSERT INTO resources (entity_type, id, version, state, body) VALUES ('workspace', @id, 3, 'active', jsonb_build_object('id', @id, 'resourcesJson', @resources::text))
            """))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("payload", state);
            insert.Parameters.AddWithValue("resources", resources);
            await insert.ExecuteNonQueryAsync();
        }
        var script = await File.ReadAllTextAsync(System.IO.Path.Combine(RepoRoot.Path, "ops", "sql", "migrations", "0071_strip_workspace_passwords.sql"));

        await using (var run = await db.OpenConnectionAsync()) await ExecuteAsync(run, script);
        await using (var again = await db.OpenConnectionAsync()) await ExecuteAsync(again, script);

        await using var read = db.CreateCommand("""
            SELECT convert_from(s.payloadbinary, 'UTF8'), r.body::text FROM orleansstorage s JOIN resources r ON r.id = s.grainidextensionstring
            WHERE s.grainidextensionstring = @id AND r.entity_type = 'workspace'
            """);
        read.Parameters.AddWithValue("id", id);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.DoesNotContain("Legacy7Secret", reader.GetString(0), StringComparison.Ordinal);
        Assert.DoesNotContain("Legacy7Secret", reader.GetString(1), StringComparison.Ordinal);
        Assert.Contains("username", reader.GetString(0), StringComparison.Ordinal);
        Assert.NotNull(JsonDocument.Parse(reader.GetString(0)));
        Assert.Equal("u", JsonDocument.Parse(JsonDocument.Parse(reader.GetString(1)).RootElement.GetProperty("resourcesJson").GetString()!).RootElement.GetProperty("username").GetString());
    }

    /// <summary>Every table of the controller's database whose rows' text holds one of <paramref name="secrets"/> (bytea as text and as UTF-8).</summary>
    private async Task<List<string>> TablesHoldingAsync(IReadOnlyList<string> secrets)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        var tables = await ListAsync(db, """
            SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
            """);
        var found = new List<string>();
        foreach (var table in tables)
        {
            foreach (var secret in secrets)
            {
                await using var cmd = db.CreateCommand($"SELECT count(*) FROM {table} t WHERE position(@clear IN t::text) > 0 OR position(@hex IN t::text) > 0");
                cmd.Parameters.AddWithValue("clear", secret);
                cmd.Parameters.AddWithValue("hex", Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret)));
                if ((long)(await cmd.ExecuteScalarAsync())! > 0) found.Add(table);
            }
        }
        return found;
    }

    private async Task<(string Id, string Uscc)> ActiveWorkspaceAsync(params string[] datasets)
    {
        var uscc = await World.QualifiedUnitAsync();
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
        var id = await AuthorizeAsync(uscc, notice, datasets, await World.NowAsync(), renews: null);
        Assert.Equal("active", (await _api.GetAsync($"/v1/workspaces/{id}")).Str("state"));
        return (id, uscc);
    }

    private Task<string> AuthorizeAsync(string uscc, string notice, string[] datasets, DateTimeOffset termStart, string? renews) =>
        AuthorizeAsync(_api, uscc, notice, datasets, termStart, renews);

    /// <summary>An active authorization of <paramref name="uscc"/> for <paramref name="datasets"/>, through <paramref name="api"/>; its id is its workspace's.</summary>
    internal static async Task<string> AuthorizeAsync(ApiClient api, string uscc, string notice, string[] datasets, DateTimeOffset termStart, string? renews)
    {
        var body = await new Scenarios(api).ApplicationAsync(uscc, notice, renews, datasets: datasets.Select(d => new { id = d, justification = "needed" }).ToArray());
        var applied = await api.PostAsync("/v1/authorizations", "unit", body, unit: uscc);
        Assert.Equal(201, applied.Status);
        var id = applied.Str("id")!;
        Assert.Equal(200, (await api.PostAsync($"/v1/authorizations/{id}/verify", "authority", new { outcome = "pass", note = "ok" })).Status);
        Assert.Equal(200, (await api.PostAsync($"/v1/authorizations/{id}/approve", "authority", new { note = "ok" })).Status);
        Assert.Equal(200, (await api.PostAsync($"/v1/authorizations/{id}/announce", "authority")).Status);
        var activated = await api.PostAsync($"/v1/authorizations/{id}/activate", "authority",
            new { termStart = Scenarios.Instant(termStart), termEnd = Scenarios.Instant(termStart.AddMonths(12)) });
        Assert.Equal(200, activated.Status);
        return id;
    }

    private Task<JsonElement> CredentialsAsync(string workspace, string uscc, string? idempotencyKey = null) =>
        CredentialsAsync(_api, workspace, uscc, idempotencyKey);

    internal static async Task<JsonElement> CredentialsAsync(ApiClient api, string workspace, string uscc, string? idempotencyKey = null)
    {
        var reply = await api.PostAsync($"/v1/workspaces/{workspace}/credentials", "unit", new { }, idempotencyKey, unit: uscc);
        Assert.Equal(200, reply.Status);
        return reply.Json.Clone();
    }

    private static string ConnectionString(JsonElement credentials) => new NpgsqlConnectionStringBuilder
    {
        Host = credentials.GetProperty("host").GetString(),
        Port = credentials.GetProperty("port").GetInt32(),
        Database = credentials.GetProperty("database").GetString(),
        Username = credentials.GetProperty("username").GetString(),
        Password = credentials.GetProperty("password").GetString(),
        Pooling = false,
    }.ConnectionString;

    internal static Task<NpgsqlConnection> OpenAsync(JsonElement credentials) => OpenAsync(ConnectionString(credentials));

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
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

    private static async Task AssertRefusedAsync(NpgsqlConnection session, string sql, string sqlState)
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(session, sql));
        Assert.True(refused.SqlState == sqlState, $"{sql}: {refused.SqlState} {refused.MessageText}");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        var items = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) items.Add(reader.GetString(0));
        return items;
    }

    private static async Task<List<string>> ListAsync(NpgsqlDataSource db, string sql)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await ListAsync(connection, sql);
    }
}
