namespace Domains.GrainInterfaces.Lists;

/// <summary>
/// A page of the list table: entities of one type, optionally of one unit, in some states, with a parent
/// (an authorization's notice), or only published ones (public lists, which get each row's public projection,
/// not its whole view); ordered by id, paged by id.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.ResourceQuery")]
public sealed record ResourceQuery(
    [property: Id(0)] string EntityType,
    [property: Id(1)] string? UnitId = null,
    [property: Id(2)] IReadOnlyList<string>? States = null,
    [property: Id(3)] string? ParentId = null,
    [property: Id(4)] bool PublishedOnly = false,
    [property: Id(5)] string? AfterId = null,
    [property: Id(6)] int Limit = 50);
