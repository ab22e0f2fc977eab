namespace Domains.GrainInterfaces.Notices;

/// <summary>Notice states (DOMAIN.md §3). Persisted numbers: never renumber.</summary>
public enum NoticeStatus
{
    Draft = 1,
    Published = 2,
    Closed = 3,
    Withdrawn = 4,
}

public enum NoticeCommand
{
    Define = 1,
    Publish = 2,
    Withdraw = 3,
    Close = 4,
}

public enum RegionLevel
{
    Province = 1,
    City = 2,
    County = 3,
}

[GenerateSerializer, Immutable, Alias("domains.Region")]
public sealed record Region([property: Id(0)] RegionLevel Level, [property: Id(1)] string Code);

/// <summary>What <c>PUT /v1/notices/{id}</c> defines (draft only).</summary>
[GenerateSerializer, Immutable, Alias("domains.NoticeDefinition")]
public sealed record NoticeDefinition(
    [property: Id(0)] string Title,
    [property: Id(1)] string Field,
    [property: Id(2)] Region Region,
    [property: Id(3)] bool Pilot,
    [property: Id(4)] int? Quota,
    [property: Id(5)] DateTimeOffset OpensAt,
    [property: Id(6)] DateTimeOffset ClosesAt,
    [property: Id(7)] string DomainId);

[GenerateSerializer, Immutable, Alias("domains.NoticeView")]
public sealed record NoticeView(
    [property: Id(0)] string Id,
    [property: Id(1)] NoticeStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] NoticeDefinition Definition,
    [property: Id(6)] DateTimeOffset? PublishedAt,
    [property: Id(7)] int ApprovedCount)
{
    /// <summary>Applications are accepted while published and opensAt ≤ now &lt; closesAt.</summary>
    public bool IsOpenAt(DateTimeOffset now) =>
        State == NoticeStatus.Published && Definition.OpensAt <= now && now < Definition.ClosesAt;
}
