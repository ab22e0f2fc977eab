using Domains.GrainInterfaces.Exports;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Exports.ExportCommand;
using static Domains.GrainInterfaces.Exports.ExportStatus;

namespace Domains.Grains.Exports;

/// <summary>
/// The export table (DATAPLANE.md §5): <see cref="Submit"/> creates in <see cref="Submitted"/>; approval
/// is followed by the delivery into the export store, which the controller confirms itself.
/// </summary>
public static class ExportLifecycle
{
    public static readonly LifecycleTable<ExportStatus, ExportCommand> Table = new(
        allowed: new Dictionary<(ExportStatus, ExportCommand), ExportStatus>
        {
            [(Submitted, Approve)] = Approved,
            [(Submitted, Reject)] = Rejected,
            [(Approved, Deliver)] = Delivered,
        },
        ignored:
        [
            // A review repeated (its answer lost) succeeds without a second event; the delivery is an outbox call.
            (Approved, Approve),
            (Delivered, Approve),
            (Rejected, Reject),
            (Delivered, Deliver),
        ]);

    public static Decision<ExportStatus> Decide(ExportStatus from, ExportCommand command) => Table.Decide(from, command);
}
