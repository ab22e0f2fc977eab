namespace Domains.GrainInterfaces;

/// <summary>One page of a list and the cursor of the next page, if any.</summary>
[GenerateSerializer, Immutable, Alias("domains.Page`1")]
public sealed record Page<T>([property: Id(0)] IReadOnlyList<T> Items, [property: Id(1)] string? NextCursor);
