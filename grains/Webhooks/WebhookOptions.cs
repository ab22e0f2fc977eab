namespace Domains.Grains.Webhooks;

/// <summary>How notice webhooks are dispatched (section <c>Webhooks</c>). All times are real time, not the business clock.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How often an active webhook looks for new notices and due retries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a delivery is retried, counted from when it was queued. A delivery still not
    /// acknowledged at its first attempt after this is marked <c>failed</c>: it gets at least one attempt.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The delay before the second attempt; later delays double, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>One POST that has not answered within this is abandoned and counted as a failed attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Notices queued, and deliveries attempted, per round of a poll.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>POSTs of one webhook in flight at once.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>
    /// Whether notices may go to <c>http://</c> URLs. Unset: only in the Development environment
    /// (<c>ops/run</c>); elsewhere a notice is never sent in clear.
    /// </summary>
    public bool? AllowHttp { get; set; }

    /// <summary>
    /// Whether a webhook may reach loopback, private, link-local or metadata addresses (see
    /// <c>WebhookAddresses</c>). Unset: only in the Development environment.
    /// </summary>
    public bool? AllowPrivateAddresses { get; set; }

    /// <summary>
    /// The key (base64 of 32 random bytes) that seals webhook secrets in grain state (<see cref="WebhookSecrets"/>);
    /// never logged. Or <see cref="SecretKeyFile"/>, a file holding it (<c>ops/run</c> writes <c>DATA/webhook.key</c>).
    /// Unset: secrets are stored in clear, and the silo warns at start outside Development.
    /// </summary>
    public string? SecretKey { get; set; }

    public string? SecretKeyFile { get; set; }
}
