using System.Globalization;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Cli;

[CollectionDefinition(Name)]
public sealed class AuditExportStackCollection : ICollectionFixture<StackFixture>
{
    /// <summary>A stack of its own: the bulk events below would be chains without entities in the shared one.</summary>
    public const string Name = "audit-export-stack";
}

/// <summary>
/// Issue 15: <c>domainsctl audit export</c> of 100k events streams in constant memory. The CLI reports its own
/// peak working set; exporting 100k events must not need more than exporting 1k does, give or take noise,
/// while its output is about a hundred times larger.
/// </summary>
[Collection(AuditExportStackCollection.Name)]
public sealed class AuditExportMemoryTests(StackFixture stack)
{
    private const int Bulk = 100_000;

    [Fact]
    public async Task AuditExport_Of100kEvents_StreamsInThePeakWorkingSetOf1k()
    {
        await using (var db = new NpgsqlConnection(stack.ConnectionString))
        {
            await db.OpenAsync();
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO audit_events (entity_type, entity_id, version, action, from_state, to_state, actor, role, reason, at, prev_hash, hash)
                SELECT CASE WHEN g < 1000 THEN 'notice' ELSE 'domain' END, 'bulk-' || (g / 10), (g % 10) + 1, 'update', 'planned', 'planned',
                       'bulk-loader', 'authority', repeat('r', 300), now(), NULL, md5(g::text) || md5((g + 1)::text)
                FROM generate_series(0, {Bulk - 1}) AS g
                """, db);
            insert.CommandTimeout = 300;
            await insert.ExecuteNonQueryAsync();
        }
        var cli = new Domainsctl(stack.Http.BaseAddress!, stack.Tokens.Issue("auditor"));
        var small = Path.GetTempFileName();
        var large = Path.GetTempFileName();
        try
        {
            var oneThousand = await cli.RunAsync(["audit", "export", "--entity-type", "notice", "--format", "ndjson"], small);
            var all = await cli.RunAsync(["audit", "export", "--format", "ndjson"], large);

            Assert.True(oneThousand.Exit == 0, oneThousand.ToString());
            Assert.True(all.Exit == 0, all.ToString());
            var lines = File.ReadLines(large).Count();
            Assert.True(lines >= Bulk, $"{lines} lines");
            Assert.Equal(1000, File.ReadLines(small).Count());
            var (smallPeak, largePeak) = (Peak(oneThousand), Peak(all));
            var largeBytes = new FileInfo(large).Length;
            Assert.True(largeBytes > 40_000_000, $"{largeBytes} bytes");
            Assert.True(largePeak < smallPeak + 24 * 1024 * 1024,
                $"peak working set {largePeak} bytes for {lines} events against {smallPeak} for 1,000 (output {largeBytes} bytes)");
            var seqs = File.ReadLines(large).Select(l => long.Parse(System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("seq").GetRawText(), CultureInfo.InvariantCulture));
            Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.First < p.Second), "not in seq order");
        }
        finally
        {
            File.Delete(small);
            File.Delete(large);
        }
    }

    private static long Peak(CliRun run)
    {
        var match = System.Text.RegularExpressions.Regex.Match(run.Err, @"peak working set (\d+) bytes");
        Assert.True(match.Success, run.ToString());
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
