namespace Domains.GrainInterfaces.Lists;

/// <summary>
/// A page of the list table: entities of one type, optionally of one unit, in some states, with a parent
/// (an authorization's notice, a workspace's domain, a product's authorization), whose view contains
/// <see cref="BodyContains"/> (a JSON object, matched with <c>@&gt;</c>: <c>{"domainId":"d1"}</c>), or only
/// published ones (public lists, which get each row's public projection, not its whole view); newest first,
/// paged by <see cref="AfterId"/>, a <see cref="ListCursor"/> as text.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.ResourceQuery")]
public sealed record ResourceQuery(
    [property: Id(0)] string EntityType,
    [property: Id(1)] string? UnitId = null,
    [property: Id(2)] IReadOnlyList<string>? States = null,
    [property: Id(3)] string? ParentId = null,
    [property: Id(4)] bool PublishedOnly = false,
    [property: Id(5)] string? AfterId = null,
    [property: Id(6)] int Limit = 50,
    [property: Id(7)] string? BodyContains = null);
