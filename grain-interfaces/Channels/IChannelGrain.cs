using Domains.GrainInterfaces.Deadlines;
using Domains.GrainInterfaces.Delivery;
using Orleans.Concurrency;

namespace Domains.GrainInterfaces.Channels;

/// <summary>
/// A notification channel (key: its chosen id): an audited entity whose grain sends every inbox notice
/// of its kinds and recipients, created after it was registered, by email or to a DingTalk robot, until
/// acknowledged or given up.
/// </summary>
[Alias("domains.IChannelGrain")]
public interface IChannelGrain : IDeadlineTarget
{
    /// <summary>Creates the channel (<c>Created</c> = true) or replaces its definition.</summary>
    [Alias("Register")]
    Task<CommandResult<ChannelView>> RegisterAsync(ChannelDefinition definition, CommandContext context);

    /// <summary>Stops sending; deliveries already queued wait, and notices meanwhile are not queued.</summary>
    [Alias("Disable")]
    Task<CommandResult<ChannelView>> DisableAsync(CommandContext context);

    /// <summary>Sends again: queued deliveries resume, and notices from now on are queued.</summary>
    [Alias("Enable")]
    Task<CommandResult<ChannelView>> EnableAsync(CommandContext context);

    [Alias("Get"), ReadOnly]
    Task<ChannelView?> GetAsync();

    /// <summary>A page of deliveries, or <c>null</c> when the channel was never registered.</summary>
    [Alias("ListDeliveries"), ReadOnly]
    Task<Page<NoticeDeliveryView>?> ListDeliveriesAsync(DeliveryQuery query);
}
