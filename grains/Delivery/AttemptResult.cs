namespace Domains.Grains.Delivery;

/// <summary>
/// What one send got: the status code when the receiver answered (HTTP status, SMTP reply code, a
/// robot's HTTP status), and a class (<see cref="DeliveryErrors"/>) unless it was acknowledged.
/// </summary>
public sealed record AttemptResult(DateTimeOffset At, int DurationMs, int? StatusCode, string? Error)
{
    public bool Acknowledged => Error is null;
}
