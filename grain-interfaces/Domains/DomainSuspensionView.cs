namespace Domains.GrainInterfaces.Domains;

[GenerateSerializer, Immutable, Alias("domains.DomainSuspensionView")]
public sealed record DomainSuspensionView(
    [property: Id(0)] string Reason,
    [property: Id(1)] DateTimeOffset SuspendedAt,
    [property: Id(2)] string SuspendedBy);
