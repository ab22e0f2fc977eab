using Domains.GrainInterfaces.Channels;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Channels.ChannelCommand;
using static Domains.GrainInterfaces.Channels.ChannelStatus;

namespace Domains.Grains.Channels;

/// <summary>
/// The channel table. Creation (<see cref="Register"/> of a channel that does not exist) starts it in
/// <see cref="Active"/>; <see cref="Update"/> replaces its definition in either state.
/// </summary>
public static class ChannelLifecycle
{
    public static readonly LifecycleTable<ChannelStatus, ChannelCommand> Table = new(
        allowed: new Dictionary<(ChannelStatus, ChannelCommand), ChannelStatus>
        {
            [(Active, Update)] = Active,
            [(Disabled, Update)] = Disabled,
            [(Active, Disable)] = Disabled,
            [(Disabled, Enable)] = Active,
        },
        ignored:
        [
            (Active, Enable),
            (Disabled, Disable),
        ]);

    public static Decision<ChannelStatus> Decide(ChannelStatus from, ChannelCommand command) => Table.Decide(from, command);
}
