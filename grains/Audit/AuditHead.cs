using System.Text.Json;
using Domains.GrainInterfaces;
using Domains.Grains.Storage;
using Npgsql;

namespace Domains.Grains.Audit;

/// <summary>
/// Where an entity's chain must end, as its stored state (the grain storage row, in our JSON) says: its
/// version, its last audit hash, and the audit events still in its outbox.
/// </summary>
public sealed record AuditHead(long Version, string? LastAuditHash, IReadOnlyList<AuditRecord> PendingAudit)
{
    // The grain storage row of a string-keyed grain: state name as the type, the key as the extension.
    private const string ReadSql = """
        SELECT PayloadBinary FROM OrleansStorage
        WHERE RowKey = orleans_storage_key(@service_id, @state_name, 0, 0, @id)
        """;

    /// <summary>The entity states of the whole database, for <c>ops/audit-verify</c>.</summary>
    public const string ReadAllSql = """
        SELECT GrainTypeString, GrainIdExtensionString, PayloadBinary FROM OrleansStorage
        WHERE GrainTypeString = ANY(@state_names) AND PayloadBinary IS NOT NULL AND GrainIdExtensionString IS NOT NULL
        """;

    /// <summary>The state name of every entity type is its type name (<see cref="StorageNames"/>).</summary>
    public static readonly string[] StateNames = [.. EntityTypes.All];

    public static async Task<AuditHead?> ReadAsync(NpgsqlDataSource db, string serviceId, EntityRef entity)
    {
        await using var cmd = db.CreateCommand(ReadSql);
        cmd.Parameters.AddWithValue("service_id", serviceId);
        cmd.Parameters.AddWithValue("state_name", entity.Type);
        cmd.Parameters.AddWithValue("id", entity.Id);
        var payload = await cmd.ExecuteScalarAsync();
        return payload is byte[] bytes ? Parse(bytes) : null;
    }

    public static AuditHead Parse(byte[] payload)
    {
        var state = JsonSerializer.Deserialize<StoredHead>(payload, JsonGrainStorageSerializer.Options) ?? new StoredHead();
        return new AuditHead(state.Version, state.LastAuditHash, state.PendingAudit ?? []);
    }

    /// <summary>The part of every entity's state (<c>EntityState</c>) that anchors its chain; the rest is skipped.</summary>
    private sealed class StoredHead
    {
        public long Version { get; set; }

        public string? LastAuditHash { get; set; }

        public List<AuditRecord>? PendingAudit { get; set; }
    }
}
