namespace Domains.GrainInterfaces.Domains;

/// <summary>Whether a domain's workspaces may be accessed, as of one version of the domain.</summary>
[GenerateSerializer, Immutable, Alias("domains.DomainStatusStamp")]
public sealed record DomainStatusStamp([property: Id(0)] string DomainId, [property: Id(1)] long Version, [property: Id(2)] bool Operational);
