namespace Domains.GrainInterfaces.Authorizations;

/// <summary>
/// What the public list of announcements (R5) knows of an authorization: the list table keeps it beside the
/// whole view, so an anonymous caller's page reads a few fields per row, never the application behind them.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.AnnouncementEntry")]
public sealed record AnnouncementEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string UnitId,
    [property: Id(2)] string UnitName,
    [property: Id(3)] string NoticeId,
    [property: Id(4)] string ScenarioTitle,
    [property: Id(5)] DateTimeOffset AnnouncedAt,
    [property: Id(6)] AuthorizationStatus State,
    [property: Id(7)] DateTimeOffset? EndedAt);
