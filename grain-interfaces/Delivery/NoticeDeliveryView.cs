namespace Domains.GrainInterfaces.Delivery;

/// <summary>
/// One notice's delivery to one webhook or channel, with every attempt so far. (Its alias keeps the
/// name it had when only webhooks delivered.)
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.WebhookDeliveryView")]
public sealed record NoticeDeliveryView(
    [property: Id(0)] long Seq,
    [property: Id(1)] string NoticeId,
    [property: Id(2)] string Kind,
    [property: Id(3)] DeliveryState State,
    [property: Id(4)] DateTimeOffset QueuedAt,
    [property: Id(5)] DateTimeOffset? NextAttemptAt,
    [property: Id(6)] DateTimeOffset? CompletedAt,
    [property: Id(7)] IReadOnlyList<NoticeAttemptView> Attempts);
