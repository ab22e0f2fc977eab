using Domains.GrainInterfaces.Audit;

namespace Domains.ClientApi.Contracts;

/// <summary>What a transition changed: the entity's top-level fields and the SHA-256 of their new values.</summary>
public sealed record AuditChangesResponse(IReadOnlyList<string> Fields, string Sha256);

public sealed record AuditEventResponse(
    long Seq, string Entity, long Version, DateTimeOffset At, string Actor, string Role, string Action,
    string? FromState, string ToState, string? Reason, string Hash, string? PrevHash, AuditChangesResponse? Changes)
{
    public static AuditEventResponse From(AuditEventView e) =>
        new(e.Seq, e.Entity, e.Version, e.At, e.Actor, e.Role, e.Action, e.FromState, e.ToState, e.Reason, e.Hash, e.PrevHash,
            e.Changes is { } c ? new AuditChangesResponse(c.Fields, c.Sha256) : null);
}

/// <summary>
/// <c>check</c> names what failed (<c>chain</c>: the events among themselves; <c>head</c>: the log against
/// the entity's stored version and last hash); <c>headVersion</c> is the stored version, and <c>pending</c>
/// counts the newest events saved with the entity and not yet in the log (verified from the state).
/// </summary>
public sealed record AuditVerifyResponse(bool Valid, int Events, long? BrokenAtVersion, string? Problem, string? Check, long? HeadVersion, int Pending);
