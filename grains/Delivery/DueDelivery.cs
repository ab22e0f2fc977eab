namespace Domains.Grains.Delivery;

/// <summary>A delivery due for an attempt, with its notice (<c>null</c> if the notice row is gone).</summary>
public sealed record DueDelivery(string NoticeId, string Kind, int Attempts, DateTimeOffset QueuedAt, NoticePayload? Notice);
