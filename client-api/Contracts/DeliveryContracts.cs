using Domains.GrainInterfaces.Delivery;

namespace Domains.ClientApi.Contracts;

/// <summary>One attempt of a delivery: <c>statusCode</c> when the receiver answered (HTTP status, SMTP reply code), <c>error</c> a class unless it acknowledged.</summary>
public sealed record NoticeAttemptResponse(int Attempt, DateTimeOffset At, int DurationMs, int? StatusCode, string? Error);

public sealed record NoticeDeliveryResponse(
    string NoticeId,
    string Kind,
    DeliveryState State,
    DateTimeOffset QueuedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<NoticeAttemptResponse> Attempts)
{
    public static NoticeDeliveryResponse From(NoticeDeliveryView d) => new(
        d.NoticeId, d.Kind, d.State, d.QueuedAt, d.NextAttemptAt, d.CompletedAt,
        d.Attempts.Select(a => new NoticeAttemptResponse(a.Attempt, a.At, a.DurationMs, a.StatusCode, a.Error)).ToList());
}
