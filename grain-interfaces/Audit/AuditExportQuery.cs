namespace Domains.GrainInterfaces.Audit;

/// <summary>
/// One page of <c>GET /v1/audit/export</c>: events after <see cref="AfterSeq"/> in <c>seq</c> order, recorded
/// at or after <see cref="From"/> and before <see cref="To"/>, of one entity type or all.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.AuditExportQuery")]
public sealed record AuditExportQuery(
    [property: Id(0)] string? EntityType,
    [property: Id(1)] DateTimeOffset? From,
    [property: Id(2)] DateTimeOffset? To,
    [property: Id(3)] long AfterSeq,
    [property: Id(4)] int Limit);
