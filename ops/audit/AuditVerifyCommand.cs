using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Domains.Grains.Audit;
using Npgsql;

namespace Domains.AuditVerify;

/// <summary>
/// <c>ops/audit-verify</c>: verifies every chain against its entity's stored head and, given the
/// checkpointer's public key, every signed checkpoint; exit 0 when all hold, 1 at the first mismatch, 2 on
/// bad usage. <c>ops/audit-checkpoint</c>: writes the next checkpoint.
/// </summary>
public static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(string connectionString, TextWriter output, ECDsa? checkpointKey = null)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var clock = Stopwatch.StartNew();
        var result = await AuditVerifier.VerifyAllAsync(db, checkpointKey);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"entities\t{result.Entities}\nevents\t{result.Events}\nevents_per_s\t{result.Events / seconds:0}"));
        if (result.Broken is { } broken)
        {
            output.WriteLine($"BROKEN {result.BrokenEntity} at version {broken.BrokenAtVersion} ({broken.Check}): {broken.Problem}");
            return 1;
        }
        if (checkpointKey is not null) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkpoints\t{result.Checkpoints}"));
        if (result.CheckpointProblem is { } problem)
        {
            output.WriteLine($"BROKEN {problem}");
            return 1;
        }
        output.WriteLine(checkpointKey is null ? "every chain verifies (checkpoints not checked: no public key)" : "every chain and checkpoint verifies");
        return 0;
    }

    public static async Task<int> CheckpointAsync(string connectionString, string keyPath, TextWriter output)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        using var key = AuditCheckpointer.LoadOrCreateKey(keyPath);
        var checkpoint = await AuditCheckpointer.WriteNextAsync(db, key, TimeProvider.System);
        output.WriteLine(checkpoint is null
            ? "no new events to checkpoint"
            : string.Create(CultureInfo.InvariantCulture, $"checkpoint\t{checkpoint.Id}\tevents\t{checkpoint.Count}"));
        return 0;
    }
}
