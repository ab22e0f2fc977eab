namespace Domains.Grains.Delivery;

/// <summary>One attempt and the step it leads to, as recorded.</summary>
public sealed record AttemptRecord(
    string NoticeId, DateTimeOffset At, int DurationMs, int? StatusCode, string? Error, DeliveryStep Step);
