using Domains.AuditVerify;
using Domains.Grains.Audit;
using Domains.Grains.Journal;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

/// <summary>ops/audit-verify against a database of its own, before and after a row is tampered with.</summary>
public sealed class AuditTamperTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static IEnumerable<AuditRecord> Chain(string type, string id, int count)
    {
        string? prev = null;
        for (var v = 1; v <= count; v++)
        {
            var at = T0.AddMinutes(v);
            var from = v == 1 ? null : "planned";
            var hash = AuditHasher.Compute(type, id, v, "act", from, "planned", "me", "authority", $"reason {v}", at, prev);
            yield return new AuditRecord(type, id, v, "act", from, "planned", "me", "authority", $"reason {v}", at, prev, hash);
            prev = hash;
        }
    }

    [Fact]
    public async Task AuditVerify_PassesOnIntactChains_AndFailsAtTheFirstTamperedRow()
    {
        var database = PostgresServer.Instance.CreateDatabase("tamper");
        var connectionString = database.Auditor;
        await using var db = NpgsqlDataSource.Create(database.Admin);
        await using var silo = NpgsqlDataSource.Create(database.Silo);
        var journal = new PostgresEntityJournal(silo);
        await journal.AppendAuditAsync(Chain("domain", "d-1", 3).Concat(Chain("unit", "u-1", 2)).ToList());

        var intact = new StringWriter();
        var intactExit = await AuditVerifyCommand.RunAsync(connectionString, intact);

        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db.CreateCommand("UPDATE audit_events SET reason = 'rewritten' WHERE entity_id = 'd-1' AND version = 2").ExecuteNonQueryAsync());
        await db.CreateCommand("""
            ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
            UPDATE audit_events SET reason = 'rewritten' WHERE entity_id = 'd-1' AND version = 2;
            ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;
            """).ExecuteNonQueryAsync();
        var tampered = new StringWriter();
        var tamperedExit = await AuditVerifyCommand.RunAsync(connectionString, tampered);

        Assert.Equal(0, intactExit);
        Assert.Contains("events\t5", intact.ToString());
        Assert.Contains("append-only", update.MessageText);
        Assert.Equal(1, tamperedExit);
        Assert.Contains("BROKEN domain/d-1 at version 2", tampered.ToString());
    }
}
