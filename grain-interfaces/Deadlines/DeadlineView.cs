namespace Domains.GrainInterfaces.Deadlines;

/// <summary>A pending deadline of the index, as <c>GET /v1/deadlines</c> returns it.</summary>
[GenerateSerializer, Immutable, Alias("domains.DeadlineView")]
public sealed record DeadlineView(
    [property: Id(0)] string Entity,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset DueAt);
