namespace Domains.GrainInterfaces.Domains;

[GenerateSerializer, Immutable, Alias("domains.DomainView")]
public sealed record DomainView(
    [property: Id(0)] string Id,
    [property: Id(1)] DomainStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] DomainDefinition Definition,
    [property: Id(6)] DateTimeOffset? BuiltAt,
    [property: Id(7)] string? InspectionRef,
    [property: Id(8)] DateTimeOffset? AcceptedAt,
    [property: Id(9)] DomainSuspensionView? Suspension);
