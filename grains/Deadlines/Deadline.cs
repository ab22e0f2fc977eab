namespace Domains.Grains.Deadlines;

/// <summary>
/// A deadline held in an entity's state: an absolute instant and its kind (a kebab name of API.md,
/// e.g. <c>notice-close</c>). <see cref="Tag"/> tells apart deadlines of one kind (the 90/30/7-day notices).
/// </summary>
public sealed record Deadline(string Kind, DateTimeOffset DueAt, string? Tag = null);
