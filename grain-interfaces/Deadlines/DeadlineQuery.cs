namespace Domains.GrainInterfaces.Deadlines;

/// <summary>Filters of <c>GET /v1/deadlines</c>; <see cref="Cursor"/> is opaque to callers.</summary>
[GenerateSerializer, Immutable, Alias("domains.DeadlineQuery")]
public sealed record DeadlineQuery(
    [property: Id(0)] DateTimeOffset? Before,
    [property: Id(1)] string? Kind,
    [property: Id(2)] EntityRef? Entity,
    [property: Id(3)] string? Cursor,
    [property: Id(4)] int Limit);
