namespace Domains.GrainInterfaces.Channels;

/// <summary>Commands on a channel. Persisted numbers: never renumber.</summary>
public enum ChannelCommand
{
    Register = 1,
    Update = 2,
    Disable = 3,
    Enable = 4,
}
