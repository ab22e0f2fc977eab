using System.Diagnostics;
using Domains.Grains.Audit;
using Domains.Grains.Journal;
using Npgsql;

namespace Domains.Bench;

/// <summary><c>audit_verify_*</c>: how fast <c>ops/audit-verify</c> walks a log of many short chains.</summary>
public static class AuditVerifyBench
{
    public static async Task RunAsync(Bench bench)
    {
        await using var db = NpgsqlDataSource.Create(bench.ConnectionString);
        var journal = new PostgresEntityJournal(db);
        var entities = bench.Quick ? 10_000 : 50_000;
        var at = DateTimeOffset.UtcNow;
        foreach (var chunk in Enumerable.Range(0, entities).Chunk(1_000))
        {
            var records = new List<AuditRecord>();
            foreach (var e in chunk)
            {
                string? previous = null;
                for (var version = 1; version <= 5; version++)
                {
                    var from = version == 1 ? null : "planned";
                    var hash = AuditHasher.Compute("domain", $"bench-audit-{e}", version, "act", from, "planned", "bench", "authority", "bench", at, previous);
                    records.Add(new("domain", $"bench-audit-{e}", version, "act", from, "planned", "bench", "authority", "bench", at, previous, hash));
                    previous = hash;
                }
            }
            await journal.AppendAuditAsync(records);
        }

        var clock = Stopwatch.StartNew();
        var verified = await AuditVerifier.VerifyAllAsync(db);
        if (verified.Broken is not null) throw new InvalidOperationException($"Audit chain broken at {verified.BrokenEntity}.");
        bench.Report("audit_verify_events", verified.Events, "count");
        bench.Report("audit_verify_events_per_s", verified.Events / clock.Elapsed.TotalSeconds, "1/s");
    }
}
