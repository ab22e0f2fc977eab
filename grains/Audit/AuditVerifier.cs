using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Domains.Grains.Journal;
using Npgsql;

namespace Domains.Grains.Audit;

/// <summary>The outcome of verifying every chain: how much was read, and the first broken link if any.</summary>
public sealed record AuditVerification(long Entities, long Events, EntityRef? BrokenEntity, ChainVerification? Broken);

/// <summary>
/// Recomputes every entity's hash chain in the database, streaming the log in chain order, and stops at
/// the first broken link (a changed field, a missing event, a relinked hash).
/// </summary>
public static class AuditVerifier
{
    private const string AllSql = """
        SELECT seq, entity_type, entity_id, version, at, actor, role, action, from_state, to_state, reason, hash, prev_hash
        FROM audit_events
        ORDER BY entity_type, entity_id, version
        """;

    public static async Task<AuditVerification> VerifyAllAsync(NpgsqlDataSource db, CancellationToken cancellationToken = default)
    {
        long entities = 0, events = 0;
        EntityRef? current = null;
        var chain = new List<AuditEventView>();
        await using var cmd = db.CreateCommand(AllSql);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entity = new EntityRef(reader.GetString(1), reader.GetString(2));
            if (current is not null && entity != current)
            {
                if (Check(current, chain) is { } broken) return new AuditVerification(entities, events, current, broken);
                chain.Clear();
            }
            if (entity != current) entities++;
            current = entity;
            events++;
            chain.Add(new AuditEventView(
                reader.GetInt64(0), entity.ToString(), reader.GetInt64(3), Sql.ReadInstant(reader, 4), reader.GetString(5), reader.GetString(6),
                reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12)));
        }
        if (current is not null && Check(current, chain) is { } last) return new AuditVerification(entities, events, current, last);
        return new AuditVerification(entities, events, null, null);
    }

    private static ChainVerification? Check(EntityRef entity, List<AuditEventView> chain)
    {
        var result = AuditChain.Verify(entity, chain);
        return result.Valid ? null : result;
    }
}
