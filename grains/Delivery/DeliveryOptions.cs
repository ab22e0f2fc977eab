namespace Domains.Grains.Delivery;

/// <summary>
/// How a notice outbox is dispatched and retried, shared by webhooks (section <c>Webhooks</c>) and
/// channels (section <c>Channels</c>). All times are real time, not the business clock.
/// </summary>
public abstract class DeliveryOptions
{
    /// <summary>How often an active dispatcher looks for new notices and due retries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a delivery is retried, counted from when it was queued. A delivery still not
    /// acknowledged at its first attempt after this is marked <c>failed</c>: it gets at least one attempt.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The delay before the second attempt; later delays double, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>One send that has not answered within this is abandoned and counted as a failed attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Notices queued, and deliveries attempted, per round of a poll.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Sends of one dispatcher in flight at once.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>Whether the timings and sizes make sense; the options' validation says which section.</summary>
    public bool HasValidSchedule() =>
        PollInterval > TimeSpan.Zero && MaxAge > TimeSpan.Zero && RequestTimeout > TimeSpan.Zero
        && RetryBaseDelay > TimeSpan.Zero && RetryMaxDelay >= RetryBaseDelay && BatchSize > 0 && Parallelism > 0;
}
