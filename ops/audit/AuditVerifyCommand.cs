using System.Diagnostics;
using System.Globalization;
using Domains.Grains.Audit;
using Npgsql;

namespace Domains.AuditVerify;

/// <summary><c>ops/audit-verify</c>: verifies every chain; exit 0 when all hold, 1 at the first broken link, 2 on bad usage.</summary>
public static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(string connectionString, TextWriter output)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var clock = Stopwatch.StartNew();
        var result = await AuditVerifier.VerifyAllAsync(db);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"entities\t{result.Entities}\nevents\t{result.Events}\nevents_per_s\t{result.Events / seconds:0}"));
        if (result.Broken is { } broken)
        {
            output.WriteLine($"BROKEN {result.BrokenEntity} at version {broken.BrokenAtVersion}: {broken.Problem}");
            return 1;
        }
        output.WriteLine("every chain verifies");
        return 0;
    }
}
