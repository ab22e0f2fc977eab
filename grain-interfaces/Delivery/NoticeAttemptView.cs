namespace Domains.GrainInterfaces.Delivery;

/// <summary>One attempt: when, how long, and the status code or, when there was no good answer, the error class.</summary>
[GenerateSerializer, Immutable, Alias("domains.WebhookAttemptView")]
public sealed record NoticeAttemptView(
    [property: Id(0)] int Attempt,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int DurationMs,
    [property: Id(3)] int? StatusCode,
    [property: Id(4)] string? Error);
