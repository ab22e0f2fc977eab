namespace Domains.GrainInterfaces.Channels;

/// <summary>Channel states. Persisted numbers: never renumber.</summary>
public enum ChannelStatus
{
    Active = 1,
    Disabled = 2,
}
