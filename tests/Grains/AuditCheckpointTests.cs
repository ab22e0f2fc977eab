using System.Security.Cryptography;
using Domains.AuditVerify;
using Domains.Grains.Audit;
using Domains.Grains.Journal;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

/// <summary>Signed checkpoints over the whole log: what ops/audit-verify finds after history is removed or rewritten.</summary>
public sealed class AuditCheckpointTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static List<AuditRecord> Chain(string type, string id, int count)
    {
        var records = new List<AuditRecord>();
        string? prev = null;
        for (var v = 1; v <= count; v++)
        {
            var at = T0.AddMinutes(v);
            var hash = AuditHasher.Compute(type, id, v, "act", v == 1 ? null : "planned", "planned", "me", "authority", null, at, prev);
            records.Add(new AuditRecord(type, id, v, "act", v == 1 ? null : "planned", "planned", "me", "authority", null, at, prev, hash));
            prev = hash;
        }
        return records;
    }

    private static async Task<(string ConnectionString, NpgsqlDataSource Db, ECDsa Key)> CheckpointedLogAsync()
    {
        // Each process with its own login: the silo appends, the checkpointer signs, the verifier reads;
        // the test's tampering uses the owner's.
        var database = PostgresServer.Instance.CreateDatabase("ckpt");
        var db = NpgsqlDataSource.Create(database.Admin);
        await using var silo = NpgsqlDataSource.Create(database.Silo);
        await using var checkpointer = NpgsqlDataSource.Create(database.Checkpointer);
        var journal = new PostgresEntityJournal(silo);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await journal.AppendAuditAsync(Chain("domain", "d-1", 3));
        await CheckpointAsync(checkpointer, key, count: 3);
        await journal.AppendAuditAsync(Chain("unit", "u-1", 2));
        await CheckpointAsync(checkpointer, key, count: 5);
        return (database.Auditor, db, key);
    }

    /// <summary>
    /// The next checkpoint, once it covers the append before it: the horizon is the server's oldest running
    /// transaction, and other tests' (another database's migration) may hold it back for a moment.
    /// </summary>
    private static async Task CheckpointAsync(NpgsqlDataSource checkpointer, ECDsa key, long count)
    {
        var checkpoint = await Polling.UntilAsync<AuditCheckpoint?>(() => AuditCheckpointer.WriteNextAsync(checkpointer, key, TimeProvider.System),
            written => written is not null, TimeSpan.FromSeconds(30), $"a checkpoint over {count} events");
        Assert.Equal(count, checkpoint!.Count);
    }

    private static async Task TamperAsync(NpgsqlDataSource db, string sql)
    {
        await db.CreateCommand($"""
            ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
            {sql};
            ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;
            """).ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task AuditVerify_OnAnIntactCheckpointedLog_Passes()
    {
        var (connectionString, db, key) = await CheckpointedLogAsync();
        await using var _ = db;

        var output = new StringWriter();
        var exit = await AuditVerifyCommand.RunAsync(connectionString, output, key);

        Assert.Equal(0, exit);
        Assert.Contains("checkpoints\t2", output.ToString());
    }

    [Fact]
    public async Task AuditVerify_AfterAWholeChainIsRemoved_FailsAtTheCheckpointCoveringIt()
    {
        var (connectionString, db, key) = await CheckpointedLogAsync();
        await using var _ = db;
        await TamperAsync(db, "DELETE FROM audit_events WHERE entity_id = 'u-1'");

        var output = new StringWriter();
        var exit = await AuditVerifyCommand.RunAsync(connectionString, output, key);

        Assert.Equal(1, exit);
        Assert.Contains("BROKEN checkpoint 2 covers 5 events, the log has 3 there: 2 removed", output.ToString());
    }

    [Fact]
    public async Task AuditVerify_AfterANewestEventIsRemoved_FailsAtTheCheckpoint()
    {
        var (connectionString, db, key) = await CheckpointedLogAsync();
        await using var _ = db;
        await TamperAsync(db, "DELETE FROM audit_events WHERE entity_id = 'd-1' AND version = 3");

        var output = new StringWriter();
        var exit = await AuditVerifyCommand.RunAsync(connectionString, output, key);

        Assert.Equal(1, exit);
        Assert.Contains("BROKEN checkpoint 1 covers 3 events", output.ToString());
    }

    [Fact]
    public async Task AuditVerify_AfterAChainIsRewrittenAndRehashed_FailsAtTheCheckpoint()
    {
        var (connectionString, db, key) = await CheckpointedLogAsync();
        await using var _ = db;
        var forged = Chain("unit", "u-1", 2).Select(r => r with { Reason = "forged" }).ToList();
        string? prev = null;
        foreach (var (r, i) in forged.Select((r, i) => (r, i)).ToList())
        {
            forged[i] = r with { PrevHash = prev, Hash = AuditHasher.Compute(r with { PrevHash = prev }) };
            prev = forged[i].Hash;
        }
        await TamperAsync(db, "DELETE FROM audit_events WHERE entity_id = 'u-1'");
        await new PostgresEntityJournal(db).AppendAuditAsync(forged);

        var output = new StringWriter();
        var exit = await AuditVerifyCommand.RunAsync(connectionString, output, key);

        Assert.Equal(1, exit);
        Assert.Contains("BROKEN checkpoint 2", output.ToString());
    }

    [Fact]
    public async Task AuditVerify_WithACheckpointSignedByAnotherKey_Fails()
    {
        var (connectionString, db, key) = await CheckpointedLogAsync();
        await using var _ = db;
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var output = new StringWriter();
        var exit = await AuditVerifyCommand.RunAsync(connectionString, output, other);

        Assert.Equal(1, exit);
        Assert.Contains("BROKEN checkpoint 1 is not signed by the checkpoint key", output.ToString());
    }

    [Fact]
    public async Task Checkpoint_CoversNoEventOfATransactionStillRunning()
    {
        var database = PostgresServer.Instance.CreateDatabase("ckpt");
        await using var db = NpgsqlDataSource.Create(database.Silo);
        await using var checkpointer = NpgsqlDataSource.Create(database.Checkpointer);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await new PostgresEntityJournal(db).AppendAuditAsync(Chain("domain", "d-1", 2));
        // The horizon is the server's: first let every transaction older than the append end (another
        // database's migration may still run), so only the one held open below is left to keep out.
        await Polling.UntilAsync<bool>(
            async () => (bool)(await db.CreateCommand("SELECT pg_snapshot_xmin(pg_current_snapshot()) > max(txid) FROM audit_events").ExecuteScalarAsync())!,
            passed => passed, TimeSpan.FromSeconds(30), "the server's oldest running transaction after the append");
        await using var open = await db.OpenConnectionAsync();
        await using var running = await open.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO audit_events (entity_type, entity_id, version, action, to_state, actor, role, at, hash)
            VALUES ('domain', 'late', 1, 'act', 'planned', 'me', 'authority', now(), 'h')
            """, open, running))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var checkpoint = await AuditCheckpointer.WriteNextAsync(checkpointer, key, TimeProvider.System);
        await running.RollbackAsync();

        Assert.NotNull(checkpoint);
        Assert.Equal(2, checkpoint.Count);
    }
}
