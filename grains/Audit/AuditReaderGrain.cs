using System.Data.Common;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Domains.Grains.Journal;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;
using Orleans.Configuration;

namespace Domains.Grains.Audit;

[StatelessWorker]
public sealed class AuditReaderGrain(NpgsqlDataSource db, IOptions<ClusterOptions> cluster) : Grain, IAuditReaderGrain
{
    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public const string Columns =
        "seq, entity_type, entity_id, version, at, actor, role, action, from_state, to_state, reason, hash, prev_hash, changes";

    private const string ListSql = $"""
        SELECT {Columns}
        FROM audit_events
        WHERE entity_type = @entity_type AND entity_id = @entity_id AND seq > @after
          AND (@actor::text IS NULL OR actor = @actor)
          AND (@from::timestamptz IS NULL OR at >= @from)
          AND (@to::timestamptz IS NULL OR at < @to)
        ORDER BY seq
        LIMIT @limit
        """;

    private const string ExportSql = $"""
        SELECT {Columns}
        FROM audit_events
        WHERE seq > @after
          AND (@entity_type::text IS NULL OR entity_type = @entity_type)
          AND (@from::timestamptz IS NULL OR at >= @from)
          AND (@to::timestamptz IS NULL OR at < @to)
        ORDER BY seq
        LIMIT @limit
        """;

    private const string ChainSql = $"""
        SELECT {Columns}
        FROM audit_events
        WHERE entity_type = @entity_type AND entity_id = @entity_id
        ORDER BY version
        """;

    public async Task<Page<AuditEventView>> ListAsync(AuditQuery query)
    {
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.AddWithValue("entity_type", query.Entity.Type);
        cmd.Parameters.AddWithValue("entity_id", query.Entity.Id);
        cmd.Parameters.AddWithValue("after", query.AfterSeq);
        cmd.Parameters.Add(Sql.Text("actor", query.Actor));
        cmd.Parameters.Add(Sql.Instant("from", query.From));
        cmd.Parameters.Add(Sql.Instant("to", query.To));
        cmd.Parameters.AddWithValue("limit", query.Limit + 1);
        var events = await ReadAsync(cmd);
        var more = events.Count > query.Limit;
        var page = events.Take(query.Limit).ToList();
        return new Page<AuditEventView>(page, more ? page[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    public async Task<IReadOnlyList<AuditEventView>> ExportAsync(AuditExportQuery query)
    {
        await using var cmd = db.CreateCommand(ExportSql);
        cmd.Parameters.AddWithValue("after", query.AfterSeq);
        cmd.Parameters.Add(Sql.Text("entity_type", query.EntityType));
        cmd.Parameters.Add(Sql.Instant("from", query.From));
        cmd.Parameters.Add(Sql.Instant("to", query.To));
        cmd.Parameters.AddWithValue("limit", query.Limit);
        return await ReadAsync(cmd);
    }

    public async Task<ChainVerification> VerifyAsync(EntityRef entity)
    {
        var result = await VerifyOnceAsync(entity);
        // A transition saved between the two reads can make an intact entity look short (its state was
        // read before it existed); a second reading settles that, while a removed tail stays removed.
        return result.Check == ChainVerification.HeadCheck ? await VerifyOnceAsync(entity) : result;
    }

    /// <summary>
    /// The head first, then the log: every event up to the head's version was saved before the head was
    /// read, so the log holds it by then or the state's outbox does.
    /// </summary>
    private async Task<ChainVerification> VerifyOnceAsync(EntityRef entity)
    {
        var head = await AuditHead.ReadAsync(db, cluster.Value.ServiceId, entity);
        await using var cmd = db.CreateCommand(ChainSql);
        cmd.Parameters.AddWithValue("entity_type", entity.Type);
        cmd.Parameters.AddWithValue("entity_id", entity.Id);
        var events = await ReadAsync(cmd);
        return AuditChain.Verify(entity, events, head);
    }

    private static async Task<List<AuditEventView>> ReadAsync(NpgsqlCommand cmd)
    {
        var events = new List<AuditEventView>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(Read(reader));
        }
        return events;
    }

    /// <summary>One row of <see cref="Columns"/>.</summary>
    public static AuditEventView Read(DbDataReader r) => new(
        Seq: r.GetInt64(0),
        Entity: $"{r.GetString(1)}/{r.GetString(2)}",
        Version: r.GetInt64(3),
        At: Sql.ReadInstant(r, 4),
        Actor: r.GetString(5),
        Role: r.GetString(6),
        Action: r.GetString(7),
        FromState: r.IsDBNull(8) ? null : r.GetString(8),
        ToState: r.GetString(9),
        Reason: r.IsDBNull(10) ? null : r.GetString(10),
        Hash: r.GetString(11),
        PrevHash: r.IsDBNull(12) ? null : r.GetString(12),
        Changes: Sql.ReadChanges(r, 13));
}
