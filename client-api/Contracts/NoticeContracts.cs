using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Notices;

namespace Domains.ClientApi.Contracts;

public sealed record RegionBody(RegionLevel? Level, string? Code);

/// <summary><c>PUT /v1/notices/{id}</c> (draft only). <c>pilot</c> left out means not a pilot; <c>quota</c> null means none.</summary>
public sealed record PutNoticeRequest(
    string? Title,
    string? Field,
    RegionBody? Region,
    bool? Pilot,
    int? Quota,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt,
    string? DomainId) : IRequestBody
{
    public void Validate(Validator v) => v
        .Required("title", Title, 200)
        .Required("field", Field, 200)
        .Check(Region is not null, "region", "is required")
        .Required("region.level", Region?.Level)
        .Required("region.code", Region?.Code, 32)
        .Check(Quota is null or >= 1, "quota", "must be null or at least 1")
        .Required("opensAt", OpensAt)
        .Required("closesAt", ClosesAt)
        .Check(OpensAt is null || ClosesAt is null || OpensAt < ClosesAt, "closesAt", "must be after opensAt")
        .Check(Ids.IsValidChosenId(DomainId), "domainId", "must be a domain id (letters, digits, '.', '_', '-'; at most 128)");

    public NoticeDefinition ToDefinition() => new(
        Title!.Trim(), Field!.Trim(), new Region(Region!.Level!.Value, Region.Code!.Trim()), Pilot ?? false, Quota,
        OpensAt!.Value, ClosesAt!.Value, DomainId!);
}

/// <summary>A command whose reason is optional (withdrawing a notice).</summary>
public sealed record OptionalReasonRequest(string? Reason) : IRequestBody
{
    public void Validate(Validator v) => v.Optional("reason", Reason);

    public string? AuditReason => Reason;
}

public sealed record RegionResponse(RegionLevel Level, string Code);

public sealed record NoticeResponse(
    string Id,
    NoticeStatus State,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Title,
    string Field,
    RegionResponse Region,
    bool Pilot,
    int? Quota,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    string DomainId,
    DateTimeOffset? PublishedAt,
    int ApprovedCount)
{
    public static NoticeResponse From(NoticeView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.Definition.Title, v.Definition.Field,
        new RegionResponse(v.Definition.Region.Level, v.Definition.Region.Code), v.Definition.Pilot, v.Definition.Quota,
        v.Definition.OpensAt, v.Definition.ClosesAt, v.Definition.DomainId, v.PublishedAt, v.ApprovedCount);
}

/// <summary>
/// A notice in the public list. The approved count is left out: places are taken as bookkeeping, which
/// does not rewrite the list row, so the row's count can lag behind the notice's.
/// </summary>
public sealed record PublicNoticeResponse(
    string Id,
    NoticeStatus State,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Title,
    string Field,
    RegionResponse Region,
    bool Pilot,
    int? Quota,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    string DomainId,
    DateTimeOffset? PublishedAt)
{
    public static PublicNoticeResponse From(NoticeView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.Definition.Title, v.Definition.Field,
        new RegionResponse(v.Definition.Region.Level, v.Definition.Region.Code), v.Definition.Pilot, v.Definition.Quota,
        v.Definition.OpensAt, v.Definition.ClosesAt, v.Definition.DomainId, v.PublishedAt);
}
