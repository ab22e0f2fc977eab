using System.Security.Cryptography;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Domains.Grains.Audit;

/// <summary>
/// The outcome of verifying the whole log: how much was read, the first broken chain if any (a changed
/// field, a missing event, a relinked hash, a chain that ends before its entity's stored head), and the
/// first checkpoint the log no longer matches (a removed, rewritten or inserted event in a range a signed
/// checkpoint covers, a removed chain, a checkpoint removed or forged).
/// </summary>
public sealed record AuditVerification(
    long Entities, long Events, EntityRef? BrokenEntity, ChainVerification? Broken, int Checkpoints = 0, string? CheckpointProblem = null)
{
    public bool Valid => Broken is null && CheckpointProblem is null;
}

/// <summary>
/// Recomputes every entity's hash chain in the database, streaming the log in chain order and anchoring
/// each chain at its entity's stored head; then, with the checkpointer's public key, walks the log in
/// (txid, seq) order, refolds the running hash and compares it with every signed checkpoint.
/// </summary>
public static class AuditVerifier
{
    private const string AllSql = $"""
        SELECT {AuditReaderGrain.Columns}
        FROM audit_events
        ORDER BY entity_type, entity_id, version
        """;

    private const string LogOrderSql = "SELECT txid, seq, hash FROM audit_events ORDER BY txid, seq";

    private const string CheckpointsSql = "SELECT id, horizon, count, running_hash, at, signature FROM audit_checkpoints ORDER BY id";

    public static async Task<AuditVerification> VerifyAllAsync(NpgsqlDataSource db, ECDsa? checkpointKey = null, CancellationToken cancellationToken = default)
    {
        var heads = await ReadHeadsAsync(db, cancellationToken);
        long entities = 0, events = 0;
        EntityRef? current = null;
        var chain = new List<AuditEventView>();
        await using (var cmd = db.CreateCommand(AllSql))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var entity = new EntityRef(reader.GetString(1), reader.GetString(2));
                if (current is not null && entity != current)
                {
                    if (Check(current, chain, heads) is { } broken) return new AuditVerification(entities, events, current, broken);
                    chain.Clear();
                }
                if (entity != current) entities++;
                current = entity;
                events++;
                chain.Add(AuditReaderGrain.Read(reader));
            }
        }
        if (current is not null && Check(current, chain, heads) is { } last) return new AuditVerification(entities, events, current, last);

        // An entity whose state exists but whose whole chain is gone never appeared above.
        foreach (var entity in heads.Keys.OrderBy(e => e.ToString(), StringComparer.Ordinal).ToList())
        {
            if (Check(entity, [], heads) is { } missing) return new AuditVerification(entities, events, entity, missing);
        }

        if (checkpointKey is null) return new AuditVerification(entities, events, null, null);
        var (checkpoints, problem) = await CheckCheckpointsAsync(db, checkpointKey, cancellationToken);
        return new AuditVerification(entities, events, null, null, checkpoints, problem);
    }

    /// <summary>Every signed checkpoint against the log refolded in (txid, seq) order; the first mismatch, or null.</summary>
    public static async Task<(int Checkpoints, string? Problem)> CheckCheckpointsAsync(NpgsqlDataSource db, ECDsa key, CancellationToken cancellationToken = default)
    {
        var checkpoints = new List<AuditCheckpoint>();
        await using (var cmd = db.CreateCommand(CheckpointsSql))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                checkpoints.Add(new AuditCheckpoint(reader.GetInt64(0), reader.GetFieldValue<ulong>(1), reader.GetInt64(2), reader.GetString(3),
                    Journal.Sql.ReadInstant(reader, 4), reader.GetString(5)));
            }
        }
        for (var i = 0; i < checkpoints.Count; i++)
        {
            var c = checkpoints[i];
            if (c.Id != i + 1) return (checkpoints.Count, $"checkpoint {i + 1} is missing (the next is {c.Id})");
            if (!c.IsSignedBy(key)) return (checkpoints.Count, $"checkpoint {c.Id} is not signed by the checkpoint key");
            if (i > 0 && c.Horizon < checkpoints[i - 1].Horizon) return (checkpoints.Count, $"checkpoint {c.Id} goes back in the log");
        }

        var next = 0;
        long count = 0;
        var running = AuditCheckpoint.Genesis;
        long lastSeq = 0;
        await using (var cmd = db.CreateCommand(LogOrderSql))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var txid = reader.GetFieldValue<ulong>(0);
                while (next < checkpoints.Count && txid >= checkpoints[next].Horizon)
                {
                    if (Mismatch(checkpoints[next], count, running, lastSeq) is { } problem) return (checkpoints.Count, problem);
                    next++;
                }
                lastSeq = reader.GetInt64(1);
                running = AuditCheckpoint.Fold(running, lastSeq, reader.GetString(2));
                count++;
            }
        }
        for (; next < checkpoints.Count; next++)
        {
            if (Mismatch(checkpoints[next], count, running, lastSeq) is { } problem) return (checkpoints.Count, problem);
        }
        return (checkpoints.Count, null);
    }

    private static string? Mismatch(AuditCheckpoint checkpoint, long count, string running, long lastSeq)
    {
        if (count < checkpoint.Count)
        {
            return $"checkpoint {checkpoint.Id} covers {checkpoint.Count} events, the log has {count} there: {checkpoint.Count - count} removed (after seq {lastSeq})";
        }
        if (count > checkpoint.Count)
        {
            return $"checkpoint {checkpoint.Id} covers {checkpoint.Count} events, the log has {count} there: {count - checkpoint.Count} inserted (by seq {lastSeq})";
        }
        return running == checkpoint.RunningHash
            ? null
            : $"checkpoint {checkpoint.Id} does not match the log's running hash: an event it covers (by seq {lastSeq}) was rewritten or replaced";
    }

    private static ChainVerification? Check(EntityRef entity, List<AuditEventView> chain, Dictionary<EntityRef, AuditHead> heads)
    {
        // A chain without a stored state is checked among itself: removing history is what this looks
        // for, and a state row is not history (the per-entity check does flag it).
        var result = heads.Remove(entity, out var head) ? AuditChain.Verify(entity, chain, head) : AuditChain.Verify(entity, chain);
        return result.Valid ? null : result;
    }

    private static async Task<Dictionary<EntityRef, AuditHead>> ReadHeadsAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var heads = new Dictionary<EntityRef, AuditHead>();
        await using var cmd = db.CreateCommand(AuditHead.ReadAllSql);
        cmd.Parameters.Add(new NpgsqlParameter("state_names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = AuditHead.StateNames });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            heads[new EntityRef(reader.GetString(0), reader.GetString(1))] = AuditHead.Parse((byte[])reader[2]);
        }
        return heads;
    }
}
