namespace Domains.GrainInterfaces.Domains;

/// <summary>The registered facts of an operation domain (<c>PUT /v1/domains/{id}</c>).</summary>
[GenerateSerializer, Immutable, Alias("domains.DomainDefinition")]
public sealed record DomainDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] DomainLevel Level,
    [property: Id(2)] string RegionCode,
    [property: Id(3)] string StandardVersion);
