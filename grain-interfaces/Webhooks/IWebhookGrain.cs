using Domains.GrainInterfaces.Delivery;
using Domains.GrainInterfaces.Deadlines;
using Orleans.Concurrency;

namespace Domains.GrainInterfaces.Webhooks;

/// <summary>
/// A webhook (key: its chosen id): an audited entity whose grain also posts every inbox notice of
/// its kinds, created after it was registered, to its URL until acknowledged.
/// </summary>
[Alias("domains.IWebhookGrain")]
public interface IWebhookGrain : IDeadlineTarget
{
    /// <summary>Creates the webhook (<c>Created</c> = true) or replaces its URL, kinds and secret.</summary>
    [Alias("Register")]
    Task<CommandResult<WebhookView>> RegisterAsync(WebhookDefinition definition, CommandContext context);

    /// <summary>Stops posting; deliveries already queued wait, and notices meanwhile are not queued.</summary>
    [Alias("Disable")]
    Task<CommandResult<WebhookView>> DisableAsync(CommandContext context);

    /// <summary>Posts again: queued deliveries resume, and notices from now on are queued.</summary>
    [Alias("Enable")]
    Task<CommandResult<WebhookView>> EnableAsync(CommandContext context);

    /// <summary>The webhook, or <c>null</c> when it was never registered.</summary>
    [Alias("Get"), ReadOnly]
    Task<WebhookView?> GetAsync();

    /// <summary>A page of deliveries, or <c>null</c> when the webhook was never registered.</summary>
    [Alias("ListDeliveries"), ReadOnly]
    Task<Page<NoticeDeliveryView>?> ListDeliveriesAsync(DeliveryQuery query);
}
