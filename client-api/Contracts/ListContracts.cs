namespace Domains.ClientApi.Contracts;

/// <summary>A page of a list: <c>{ "items": [...], "nextCursor": null }</c>.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record DeadlineResponse(string Entity, string Kind, DateTimeOffset DueAt);
