using Domains.GrainInterfaces.Notices;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Notices.NoticeCommand;
using static Domains.GrainInterfaces.Notices.NoticeStatus;

namespace Domains.Grains.Notices;

/// <summary>
/// The notice table (DOMAIN.md §3). Creation (<see cref="Define"/> of a notice that does not exist)
/// starts it in <see cref="Draft"/>; only a draft is redefined. <see cref="Close"/> is the
/// <c>notice-close</c> deadline at <c>closesAt</c>.
/// </summary>
public static class NoticeLifecycle
{
    public static readonly LifecycleTable<NoticeStatus, NoticeCommand> Table = new(
        allowed: new Dictionary<(NoticeStatus, NoticeCommand), NoticeStatus>
        {
            [(Draft, Define)] = Draft,
            [(Draft, Publish)] = Published,
            [(Draft, Withdraw)] = Withdrawn,
            [(Published, Close)] = Closed,
            [(Published, Withdraw)] = Withdrawn,
        },
        ignored:
        [
            // A deadline may fire twice.
            (Closed, Close),
        ]);

    public static Decision<NoticeStatus> Decide(NoticeStatus from, NoticeCommand command) => Table.Decide(from, command);
}
