using Domains.Grains.Delivery;
using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Entity;

namespace Domains.Grains.Webhooks;

public sealed class WebhookState : LifecycleState<WebhookView, WebhookStatus>
{
    public string Url { get; set; } = "";

    public List<string> Kinds { get; set; } = [];

    /// <summary>
    /// The HMAC key in clear: only where no <c>Webhooks:SecretKey</c> is configured, or in state saved before one
    /// was (sealed on the next activation). Never in a view, a log or an audit event.
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>The HMAC key sealed by <see cref="WebhookSecrets"/>; <c>null</c> while it is kept in <see cref="Secret"/>.</summary>
    public string? SealedSecret { get; set; }

    /// <summary>
    /// The database's transaction horizon when the webhook was registered or last enabled: only notices
    /// inserted by transactions from there on are queued for it (see <see cref="NoticeCursor"/>).
    /// </summary>
    public ulong StartAfterTxid { get; set; }

    /// <summary>
    /// The database snapshot at that moment (<c>pg_snapshot</c> text): notices already committed in it are
    /// skipped, though their transactions may be newer than <see cref="StartAfterTxid"/>; those still running
    /// then are queued. <c>null</c> for a webhook started before this was kept.
    /// </summary>
    public string? StartSnapshot { get; set; }
}
