namespace Domains.GrainInterfaces.Webhooks;

/// <summary>One notice's delivery to one webhook, with every attempt so far.</summary>
[GenerateSerializer, Immutable, Alias("domains.WebhookDeliveryView")]
public sealed record WebhookDeliveryView(
    [property: Id(0)] long Seq,
    [property: Id(1)] string NoticeId,
    [property: Id(2)] string Kind,
    [property: Id(3)] DeliveryState State,
    [property: Id(4)] DateTimeOffset QueuedAt,
    [property: Id(5)] DateTimeOffset? NextAttemptAt,
    [property: Id(6)] DateTimeOffset? CompletedAt,
    [property: Id(7)] IReadOnlyList<WebhookAttemptView> Attempts);

/// <summary>One POST: when, how long, and the status code or, when there was no response, the error.</summary>
[GenerateSerializer, Immutable, Alias("domains.WebhookAttemptView")]
public sealed record WebhookAttemptView(
    [property: Id(0)] int Attempt,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int DurationMs,
    [property: Id(3)] int? StatusCode,
    [property: Id(4)] string? Error);
