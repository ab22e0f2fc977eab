using Domains.GrainInterfaces.Notices;
using Domains.Grains.Entity;

namespace Domains.Grains.Notices;

public sealed class NoticeState : LifecycleState<NoticeView, NoticeStatus>
{
    public NoticeDefinition? Definition { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>R6: the authorizations holding one of the notice's approved places, in the order they took them.</summary>
    public List<string> QuotaHolders { get; set; } = [];
}
