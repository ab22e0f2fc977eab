using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Domains.GrainInterfaces.Audit;

namespace Domains.Grains.Audit;

/// <summary>
/// The hash of an audit event: SHA-256 over a JSON array of its fields and the previous hash. The
/// array form leaves no ambiguity between fields (a reason may hold any text); the instant is written
/// to the microsecond, the precision PostgreSQL keeps, so a verifier reading it back gets the same hash.
/// An event with a change digest appends the changed fields' names and their SHA-256 to the array;
/// events recorded before digests existed have none and keep the hash they were written with.
/// </summary>
public static class AuditHasher
{
    public static string Compute(
        string entityType, string entityId, long version, string action, string? fromState, string toState,
        string actor, string role, string? reason, DateTimeOffset at, string? prevHash, AuditChanges? changes = null)
    {
        var fields = new List<object?>
        {
            entityType, entityId, version.ToString(CultureInfo.InvariantCulture), action, fromState, toState,
            actor, role, reason, FormatInstant(at), prevHash,
        };
        if (changes is not null)
        {
            fields.Add(changes.Fields);
            fields.Add(changes.Sha256);
        }
        var canonical = JsonSerializer.SerializeToUtf8Bytes(fields);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    public static string Compute(AuditRecord r) =>
        Compute(r.EntityType, r.EntityId, r.Version, r.Action, r.FromState, r.ToState, r.Actor, r.Role, r.Reason, r.At, r.PrevHash, r.Changes);

    public static string FormatInstant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
