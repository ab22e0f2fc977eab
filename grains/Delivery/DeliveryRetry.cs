using Domains.GrainInterfaces.Delivery;

namespace Domains.Grains.Delivery;

/// <summary>The retry policy of notice deliveries: pure, so it is tested without a receiver or a clock.</summary>
public static class DeliveryRetry
{
    /// <summary>
    /// The delay after the <paramref name="failedAttempts"/>-th failed attempt: the base delay doubled per
    /// failure, capped, then "equal jitter" (half fixed, half random) so that deliveries failing together
    /// do not all retry together. <paramref name="jitter"/> is uniform in [0, 1).
    /// </summary>
    public static TimeSpan Backoff(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 40);
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ceiling / 2 + ceiling / 2 * jitter));
    }

    /// <summary>
    /// After attempt number <paramref name="attempt"/>: delivered when acknowledged; otherwise failed when the
    /// delivery has been queued for <see cref="DeliveryOptions.MaxAge"/> or more, else retried after the backoff.
    /// </summary>
    public static DeliveryStep After(bool acknowledged, int attempt, DateTimeOffset queuedAt, DateTimeOffset now, DeliveryOptions options, double jitter)
    {
        if (acknowledged) return new DeliveryStep(DeliveryState.Delivered, null, now);
        if (now - queuedAt >= options.MaxAge) return new DeliveryStep(DeliveryState.Failed, null, now);
        return new DeliveryStep(DeliveryState.Pending, now + Backoff(attempt, options.RetryBaseDelay, options.RetryMaxDelay, jitter), null);
    }
}
