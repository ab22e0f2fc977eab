namespace Domains.GrainInterfaces.Audit;

/// <summary>Filters of <c>GET /v1/audit</c>; <see cref="AfterSeq"/> is the decoded cursor.</summary>
[GenerateSerializer, Immutable, Alias("domains.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] EntityRef Entity,
    [property: Id(1)] string? Actor,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] long AfterSeq,
    [property: Id(5)] int Limit);
