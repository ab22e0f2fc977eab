using Domains.Grains.Delivery;

namespace Domains.Grains.Webhooks;

/// <summary>How notice webhooks are dispatched (section <c>Webhooks</c>): the shared schedule and where they may post.</summary>
public sealed class WebhookOptions : DeliveryOptions
{
    public const string Section = "Webhooks";

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
