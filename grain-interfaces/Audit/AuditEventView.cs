namespace Domains.GrainInterfaces.Audit;

/// <summary>One stored audit event, as <c>GET /v1/audit</c> returns it.</summary>
[GenerateSerializer, Immutable, Alias("domains.AuditEventView")]
public sealed record AuditEventView(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Entity,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Actor,
    [property: Id(5)] string Role,
    [property: Id(6)] string Action,
    [property: Id(7)] string? FromState,
    [property: Id(8)] string ToState,
    [property: Id(9)] string? Reason,
    [property: Id(10)] string Hash,
    [property: Id(11)] string? PrevHash,
    [property: Id(12)] AuditChanges? Changes = null);
