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
        var connectionString = PostgresServer.Instance.CreateDatabase("ckpt");
        var db = NpgsqlDataSource.Create(connectionString);
        var journal = new PostgresEntityJournal(db);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await journal.AppendAuditAsync(Chain("domain", "d-1", 3));
        await AuditCheckpointer.WriteNextAsync(db, key, TimeProvider.System);
        await journal.AppendAuditAsync(Chain("unit", "u-1", 2));
        await AuditCheckpointer.WriteNextAsync(db, key, TimeProvider.System);
        return (connectionString, db, key);
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
        var connectionString = PostgresServer.Instance.CreateDatabase("ckpt");
        await using var db = NpgsqlDataSource.Create(connectionString);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await new PostgresEntityJournal(db).AppendAuditAsync(Chain("domain", "d-1", 2));
        await using var open = await db.OpenConnectionAsync();
        await using var running = await open.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO audit_events (entity_type, entity_id, version, action, to_state, actor, role, at, hash)
            VALUES ('domain', 'late', 1, 'act', 'planned', 'me', 'authority', now(), 'h')
            """, open, running))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var checkpoint = await AuditCheckpointer.WriteNextAsync(db, key, TimeProvider.System);
        await running.RollbackAsync();

        Assert.NotNull(checkpoint);
        Assert.Equal(2, checkpoint.Count);
    }
}
