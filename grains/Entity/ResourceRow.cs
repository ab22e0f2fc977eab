namespace Domains.Grains.Entity;

/// <summary>
/// An entity's row in the <c>resources</c> list table: its view as JSON plus the columns lists filter on.
/// Written after each save, only ever replaced by a higher version. <paramref name="PublicBody"/> is what an
/// anonymous list shows of a published entity (null for one that is not public): public lists read it alone.
/// </summary>
public sealed record ResourceRow(
    string EntityType,
    string Id,
    long Version,
    string State,
    string? UnitId,
    string? ParentId,
    DateTimeOffset? PublishedAt,
    string Body,
    string? PublicBody = null);
