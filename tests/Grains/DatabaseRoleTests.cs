using Domains.Migrator;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

/// <summary>
/// Least privilege for the database logins (sql/migrations/0060): the silo may append to the audit log
/// but never change, remove or empty it, nor sign checkpoints; the checkpointer may sign but not touch
/// events; the API reads the gateway list alone; the workspace driver's login has nothing here. The
/// whole suite's clusters run as <c>domains_silo</c>, which is the proof that the grants are enough.
/// </summary>
public sealed class DatabaseRoleTests
{
    private const string InsufficientPrivilege = "42501";

    private const string AuditEvent = """
        INSERT INTO audit_events (entity_type, entity_id, version, action, to_state, actor, role, at, hash)
        VALUES ('domain', 'd-roles', 1, 'act', 'planned', 'me', 'authority', now(), 'h')
        """;

    /// <summary>
    /// Every grant on every relation of schema public, to our roles and to PUBLIC, and every table: a table
    /// added without a decision about who may do what to it changes this list, and so does any grant.
    /// Review a change here together with the migration that makes it.
    /// </summary>
    private static readonly string[] ExpectedGrants =
    [
        "table access_log",
        "table audit_checkpoints",
        "table audit_events",
        "table business_clock",
        "table channel_attempts",
        "table channel_cursors",
        "table channel_deliveries",
        "table console_accounts",
        "table deadlines",
        "table idempotency_answers",
        "table notifications",
        "table orleansmembershiptable",
        "table orleansmembershipversiontable",
        "table orleansquery",
        "table orleansreminderstable",
        "table orleansstorage",
        "table resources",
        "table schemaversions",
        "table usage_log",
        "table usage_log_cursors",
        "table webhook_attempts",
        "table webhook_cursors",
        "table webhook_deliveries",
        "domains_api orleansmembershiptable SELECT",
        "domains_api orleansquery SELECT",
        "domains_auditor audit_checkpoints SELECT",
        "domains_auditor audit_events SELECT",
        "domains_auditor orleansstorage SELECT",
        "domains_console console_accounts INSERT",
        "domains_console console_accounts SELECT",
        "domains_console console_accounts UPDATE",
        "domains_checkpointer audit_checkpoints INSERT",
        "domains_checkpointer audit_checkpoints SELECT",
        "domains_checkpointer audit_events SELECT",
        "domains_silo access_log DELETE",
        "domains_silo access_log INSERT",
        "domains_silo access_log SELECT",
        "domains_silo audit_checkpoints SELECT",
        "domains_silo audit_events SELECT",
        "domains_silo audit_events.action INSERT",
        "domains_silo audit_events.actor INSERT",
        "domains_silo audit_events.at INSERT",
        "domains_silo audit_events.changes INSERT",
        "domains_silo audit_events.entity_id INSERT",
        "domains_silo audit_events.entity_type INSERT",
        "domains_silo audit_events.from_state INSERT",
        "domains_silo audit_events.hash INSERT",
        "domains_silo audit_events.prev_hash INSERT",
        "domains_silo audit_events.reason INSERT",
        "domains_silo audit_events.role INSERT",
        "domains_silo audit_events.to_state INSERT",
        "domains_silo audit_events.version INSERT",
        "domains_silo business_clock INSERT",
        "domains_silo business_clock SELECT",
        "domains_silo business_clock UPDATE",
        "domains_silo channel_attempts INSERT",
        "domains_silo channel_attempts SELECT",
        "domains_silo channel_cursors INSERT",
        "domains_silo channel_cursors SELECT",
        "domains_silo channel_cursors UPDATE",
        "domains_silo channel_deliveries INSERT",
        "domains_silo channel_deliveries SELECT",
        "domains_silo channel_deliveries UPDATE",
        "domains_silo console_accounts.email SELECT",
        "domains_silo console_accounts.locked_until SELECT",
        "domains_silo console_accounts.role SELECT",
        "domains_silo deadlines DELETE",
        "domains_silo deadlines INSERT",
        "domains_silo deadlines SELECT",
        "domains_silo idempotency_answers DELETE",
        "domains_silo idempotency_answers INSERT",
        "domains_silo idempotency_answers SELECT",
        "domains_silo idempotency_answers UPDATE",
        "domains_silo notifications SELECT",
        "domains_silo notifications.at INSERT",
        "domains_silo notifications.entity INSERT",
        "domains_silo notifications.id INSERT",
        "domains_silo notifications.kind INSERT",
        "domains_silo notifications.recipient INSERT",
        "domains_silo notifications.subject INSERT",
        "domains_silo orleansmembershiptable DELETE",
        "domains_silo orleansmembershiptable INSERT",
        "domains_silo orleansmembershiptable SELECT",
        "domains_silo orleansmembershiptable UPDATE",
        "domains_silo orleansmembershipversiontable DELETE",
        "domains_silo orleansmembershipversiontable INSERT",
        "domains_silo orleansmembershipversiontable SELECT",
        "domains_silo orleansmembershipversiontable UPDATE",
        "domains_silo orleansquery SELECT",
        "domains_silo orleansreminderstable DELETE",
        "domains_silo orleansreminderstable INSERT",
        "domains_silo orleansreminderstable SELECT",
        "domains_silo orleansreminderstable UPDATE",
        "domains_silo orleansstorage DELETE",
        "domains_silo orleansstorage INSERT",
        "domains_silo orleansstorage SELECT",
        "domains_silo orleansstorage UPDATE",
        "domains_silo resources INSERT",
        "domains_silo resources SELECT",
        "domains_silo resources UPDATE",
        "domains_silo usage_log DELETE",
        "domains_silo usage_log INSERT",
        "domains_silo usage_log SELECT",
        "domains_silo usage_log_cursors INSERT",
        "domains_silo usage_log_cursors SELECT",
        "domains_silo usage_log_cursors UPDATE",
        "domains_silo webhook_attempts INSERT",
        "domains_silo webhook_attempts SELECT",
        "domains_silo webhook_cursors INSERT",
        "domains_silo webhook_cursors SELECT",
        "domains_silo webhook_cursors UPDATE",
        "domains_silo webhook_deliveries INSERT",
        "domains_silo webhook_deliveries SELECT",
        "domains_silo webhook_deliveries UPDATE",
    ];

    private const string GrantsSql = """
        WITH rel AS (
            SELECT c.oid, c.relname, c.relkind, c.relacl FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        ), grantee AS (
            SELECT oid, rolname FROM pg_roles WHERE rolname LIKE 'domains\_%'
            UNION ALL SELECT 0, 'PUBLIC'
        )
        SELECT 'table ' || relname FROM rel WHERE relkind IN ('r', 'p')
        UNION ALL
        SELECT g.rolname || ' ' || r.relname || ' ' || x.privilege_type
        FROM rel r, aclexplode(r.relacl) x JOIN grantee g ON g.oid = x.grantee
        UNION ALL
        SELECT g.rolname || ' ' || r.relname || '.' || a.attname || ' ' || x.privilege_type
        FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped,
             aclexplode(a.attacl) x JOIN grantee g ON g.oid = x.grantee
        """;

    [Fact]
    public async Task EveryTable_HasExactlyTheReviewedGrants_ToEachRoleAndToNobodyElse()
    {
        var database = PostgresServer.Instance.CreateDatabase("roles");
        await using var admin = NpgsqlDataSource.Create(database.Admin);

        var actual = new List<string>();
        await using (var reader = await admin.CreateCommand(GrantsSql).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) actual.Add(reader.GetString(0));
        }

        Assert.Equal(ExpectedGrants.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("UPDATE audit_events SET reason = 'rewritten'")]
    [InlineData("DELETE FROM audit_events")]
    [InlineData("TRUNCATE audit_events")]
    public async Task Silo_MayNotChangeRemoveOrEmptyTheAuditLog(string sql)
    {
        var database = PostgresServer.Instance.CreateDatabase("roles");
        await using var silo = NpgsqlDataSource.Create(database.Silo);
        await silo.CreateCommand(AuditEvent).ExecuteNonQueryAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => silo.CreateCommand(sql).ExecuteNonQueryAsync());

        Assert.Equal(InsufficientPrivilege, refused.SqlState);
        Assert.Equal(1L, await CountAsync(database.Admin, "SELECT count(*) FROM audit_events"));
    }

    [Theory]
    [InlineData("INSERT INTO audit_events (entity_type, entity_id, version, action, to_state, actor, role, at, hash, txid) VALUES ('domain', 'd', 1, 'a', 's', 'me', 'authority', now(), 'h', '1'::xid8)")]
    [InlineData("INSERT INTO audit_events (entity_type, entity_id, version, action, to_state, actor, role, at, hash, seq) OVERRIDING SYSTEM VALUE VALUES ('domain', 'd', 1, 'a', 's', 'me', 'authority', now(), 'h', 1)")]
    [InlineData("INSERT INTO audit_checkpoints (id, horizon, count, running_hash, at, signature) VALUES (1, '1'::xid8, 0, 'h', now(), 's')")]
    [InlineData("UPDATE audit_checkpoints SET signature = 'forged'")]
    [InlineData("DELETE FROM audit_checkpoints")]
    [InlineData("INSERT INTO notifications (id, kind, recipient, entity, at, subject, txid) VALUES ('n', 'k', 'r', 'e', now(), 's', '1'::xid8)")]
    public async Task Silo_MayNotPlaceAnEventInACoveredRange_NorWriteCheckpoints(string sql)
    {
        var database = PostgresServer.Instance.CreateDatabase("roles");
        await AssertRefusedAsync(database.Silo, sql);
    }

    [Theory]
    [InlineData(AuditEvent)]
    [InlineData("UPDATE audit_events SET reason = 'rewritten'")]
    [InlineData("DELETE FROM audit_events")]
    [InlineData("TRUNCATE audit_events")]
    [InlineData("UPDATE audit_checkpoints SET signature = 'forged'")]
    [InlineData("DELETE FROM audit_checkpoints")]
    [InlineData("SELECT count(*) FROM orleansstorage")]
    public async Task Checkpointer_MayNotTouchEvents_NorRewriteCheckpoints_NorReadGrainState(string sql)
    {
        var database = PostgresServer.Instance.CreateDatabase("roles");
        await AssertRefusedAsync(database.Checkpointer, sql);
    }

    [Theory]
    [InlineData("SELECT count(*) FROM orleansstorage")]
    [InlineData("SELECT count(*) FROM audit_events")]
    [InlineData("UPDATE orleansmembershiptable SET status = 6")]
    [InlineData("CREATE TABLE public.api_table (id int)")]
    public async Task Api_ReadsTheGatewayListAlone(string sql)
    {
        var database = PostgresServer.Instance.CreateDatabase("roles");
        Assert.Equal(0L, await CountAsync(database.Api, "SELECT count(*) FROM orleansmembershiptable"));

        await AssertRefusedAsync(database.Api, sql);
    }

    [Theory]
    [InlineData("SELECT name FROM console_accounts")]
    [InlineData("SELECT password_hash FROM console_accounts")]
    [InlineData("SELECT count(*) FROM console_accounts WHERE must_change")]
    [InlineData("SELECT * FROM console_accounts")]
    [InlineData("UPDATE console_accounts SET email = 'x@example.cn'")]
    public async Task Silo_ReadsOfTheConsoleAccounts_OnlyTheColumnsThatChooseAddresses(string sql)
    {
        var database = PostgresServer.Instance.CreateDatabase("roles");
        Assert.Equal(0L, await CountAsync(database.Silo,
            "SELECT count(*) FROM console_accounts WHERE role = 'supervisor' AND email IS NOT NULL AND locked_until IS DISTINCT FROM 'infinity'"));

        await AssertRefusedAsync(database.Silo, sql);
    }

    [Theory]
    [InlineData("CREATE ROLE intruder LOGIN")]
    [InlineData("CREATE TABLE public.silo_table (id int)")]
    [InlineData("CREATE TEMPORARY TABLE silo_temp (id int)")]
    [InlineData("CREATE SCHEMA silo_schema")]
    public async Task Silo_MayNotCreateRolesOrObjects(string sql)
    {
        var database = PostgresServer.Instance.CreateDatabase("roles");
        await AssertRefusedAsync(database.Silo, sql);
    }

    [Fact]
    public async Task LoginRoles_AreNoSuperusers_BypassNoRowSecurity_AndStoreOnlyScramVerifiers()
    {
        var database = PostgresServer.Instance.CreateDatabase("roles");

        var weak = await CountAsync(database.Admin, $"""
            SELECT count(*) FROM pg_authid
            WHERE rolname IN ({string.Join(", ", DatabaseRoles.Logins.Select(r => $"'{r}'"))})
              AND (rolsuper OR rolbypassrls OR rolreplication OR rolpassword NOT LIKE 'SCRAM-SHA-256$4096:%'
                   OR (rolcreaterole AND rolname <> 'domains_provisioner'))
            """);
        var logins = await CountAsync(database.Admin,
            $"SELECT count(*) FROM pg_authid WHERE rolcanlogin AND rolname IN ({string.Join(", ", DatabaseRoles.Logins.Select(r => $"'{r}'"))})");

        Assert.Equal(0L, weak);
        Assert.Equal(DatabaseRoles.Logins.Count, logins);
    }

    [Fact]
    public async Task Provisioner_AndWorkspaceLogins_MayNotConnectToTheControllersDatabase()
    {
        var database = PostgresServer.Instance.CreateDatabase("roles");
        var provisioner = new NpgsqlConnectionStringBuilder(database.Provisioner)
        {
            Database = new NpgsqlConnectionStringBuilder(database.Admin).Database,
            Pooling = false,
        };
        // A login of no Domains role, as every workspace's is.
        var stranger = $"ws_test_{Guid.NewGuid():N}"[..24];
        var password = DatabaseRoles.NewPassword();
        await using (var admin = NpgsqlDataSource.Create(database.Admin))
        {
            await admin.CreateCommand($"CREATE ROLE {stranger} LOGIN PASSWORD '{password}'").ExecuteNonQueryAsync();
        }

        try
        {
            var refusedProvisioner = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(provisioner.ConnectionString));
            var refusedStranger = await Assert.ThrowsAsync<PostgresException>(() =>
                OpenAsync(new NpgsqlConnectionStringBuilder(provisioner.ConnectionString) { Username = stranger, Password = password }.ConnectionString));

            Assert.Equal(InsufficientPrivilege, refusedProvisioner.SqlState);
            Assert.Equal(InsufficientPrivilege, refusedStranger.SqlState);
        }
        finally
        {
            await using var admin = NpgsqlDataSource.Create(database.Admin);
            await admin.CreateCommand($"DROP ROLE {stranger}").ExecuteNonQueryAsync();
        }
    }

    /// <summary>The statement fails for want of privilege (42501) when run as that login.</summary>
    private static async Task AssertRefusedAsync(string connectionString, string sql)
    {
        await using var login = NpgsqlDataSource.Create(connectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => login.CreateCommand(sql).ExecuteNonQueryAsync());
        Assert.Equal(InsufficientPrivilege, refused.SqlState);
    }

    private static async Task OpenAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        return (long)(await db.CreateCommand(sql).ExecuteScalarAsync())!;
    }
}
