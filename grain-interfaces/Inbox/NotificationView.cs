namespace Domains.GrainInterfaces.Inbox;

/// <summary>An inbox notice as <c>GET /v1/inbox</c> returns it.</summary>
[GenerateSerializer, Immutable, Alias("domains.NotificationView")]
public sealed record NotificationView(
    [property: Id(0)] string Id,
    [property: Id(1)] long Seq,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Recipient,
    [property: Id(4)] string Entity,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string Subject);
