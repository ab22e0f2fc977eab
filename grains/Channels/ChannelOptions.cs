using Domains.Grains.Delivery;

namespace Domains.Grains.Channels;

/// <summary>
/// Notification channels (section <c>Channels</c>): the shared delivery schedule, and the configured addresses
/// of the groups that are not units (units name theirs as <c>contacts</c>); their console accounts' emails are
/// added to these (<see cref="StaffAddresses"/>).
/// </summary>
public sealed class ChannelOptions : DeliveryOptions
{
    public const string Section = "Channels";

    public ChannelOptions() => MaxAge = TimeSpan.FromDays(3);

    /// <summary>Where email to <c>supervisors</c> goes, besides the supervisors' console accounts.</summary>
    public List<string> SupervisorAddresses { get; set; } = [];

    /// <summary>Where email to <c>authority</c> goes, besides the authority's console accounts, including the notice that a channel gave up a delivery.</summary>
    public List<string> AuthorityAddresses { get; set; } = [];
}
