using Domains.GrainInterfaces.Audit;

namespace Domains.Grains.Audit;

/// <summary>
/// One audit event as the grain builds it: hash-chained to the entity's previous event, saved in the
/// grain state first, then appended to the audit table keyed by (entity, version). <see cref="Changes"/>
/// is the digest of what the transition changed (null in events recorded before digests existed).
/// </summary>
public sealed record AuditRecord(
    string EntityType,
    string EntityId,
    long Version,
    string Action,
    string? FromState,
    string ToState,
    string Actor,
    string Role,
    string? Reason,
    DateTimeOffset At,
    string? PrevHash,
    string Hash,
    AuditChanges? Changes = null);
