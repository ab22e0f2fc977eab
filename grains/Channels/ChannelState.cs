using Domains.GrainInterfaces.Channels;
using Domains.Grains.Entity;

namespace Domains.Grains.Channels;

public sealed class ChannelState : LifecycleState<ChannelView, ChannelStatus>
{
    public ChannelKind Kind { get; set; }

    public List<string> Kinds { get; set; } = [];

    /// <summary>A group (<c>units</c>, <c>supervisors</c>, <c>authority</c>), or <c>null</c> for <see cref="Units"/>.</summary>
    public string? RecipientGroup { get; set; }

    public List<string> Units { get; set; } = [];

    public string Language { get; set; } = "zh-CN";

    /// <summary>A DingTalk robot's webhook URL (its <c>access_token</c> is in it); <c>null</c> for email.</summary>
    public string? RobotUrl { get; set; }

    /// <summary>The robot's signing secret, sealed (<c>WebhookSecrets</c>), or in clear only where no key is configured.</summary>
    public string? RobotSecret { get; set; }

    public bool RobotSecretSealed { get; set; }

    /// <summary>The database horizon when the channel was registered or last enabled (as a webhook's).</summary>
    public ulong StartAfterTxid { get; set; }

    public string? StartSnapshot { get; set; }
}
