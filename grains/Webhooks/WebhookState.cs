using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Entity;

namespace Domains.Grains.Webhooks;

public sealed class WebhookState : LifecycleState<WebhookView, WebhookStatus>
{
    public string Url { get; set; } = "";

    public List<string> Kinds { get; set; } = [];

    /// <summary>The HMAC key. Kept in plain text because signing needs it; never in a view, a log or an audit event.</summary>
    public string Secret { get; set; } = "";

    /// <summary>
    /// The database's transaction horizon when the webhook was registered or last enabled: only notices
    /// inserted by transactions from there on are queued for it (see <see cref="NoticeCursor"/>).
    /// </summary>
    public ulong StartAfterTxid { get; set; }
}
