using Domains.GrainInterfaces.Audit;

namespace Domains.ClientApi.Contracts;

public sealed record AuditEventResponse(
    long Seq, string Entity, long Version, DateTimeOffset At, string Actor, string Role, string Action,
    string? FromState, string ToState, string? Reason, string Hash, string? PrevHash)
{
    public static AuditEventResponse From(AuditEventView e) =>
        new(e.Seq, e.Entity, e.Version, e.At, e.Actor, e.Role, e.Action, e.FromState, e.ToState, e.Reason, e.Hash, e.PrevHash);
}

public sealed record AuditVerifyResponse(bool Valid, int Events, long? BrokenAtVersion, string? Problem);
