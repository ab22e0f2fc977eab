namespace Domains.GrainInterfaces.Channels;

/// <summary>How a channel reaches people; shown as <c>email</c> and <c>dingtalk</c>. Persisted numbers: never renumber.</summary>
public enum ChannelKind
{
    Email = 1,

    /// <summary>A DingTalk group robot (one word, as DingTalk writes it).</summary>
    Dingtalk = 2,
}
