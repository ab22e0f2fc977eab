namespace Domains.Grains.Access;

public sealed record AccessLogEntry(
    string ResourceKey, string WorkspaceId, string UnitId, string DatasetId, bool Allowed, string Reason, DateTimeOffset At);
