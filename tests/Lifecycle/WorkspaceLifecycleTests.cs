using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Lifecycle;
using Domains.Grains.Workspaces;
using static Domains.GrainInterfaces.Workspaces.WorkspaceCommand;
using static Domains.GrainInterfaces.Workspaces.WorkspaceStatus;

namespace Domains.Tests.Lifecycle;

/// <summary>The workspace table of DOMAIN.md §3, written out again here and checked pair by pair.</summary>
public sealed class WorkspaceLifecycleTests
{
    private static readonly Dictionary<(WorkspaceStatus, WorkspaceCommand), WorkspaceStatus> Expected = new()
    {
        [(Provisioning, ConfirmProvisioned)] = Active,
        [(Provisioning, ProvisioningTimeout)] = ProvisioningFailed,
        [(ProvisioningFailed, RetryProvisioning)] = Provisioning,
        [(Active, Suspend)] = Suspended,
        [(Suspended, Reinstate)] = Active,
        [(Provisioning, Close)] = Closed,
        [(ProvisioningFailed, Close)] = Closed,
        [(Active, Close)] = Closed,
        [(Suspended, Close)] = Closed,
        [(Closed, StartDeletion)] = Deleting,
        [(Deleting, ConfirmDeletion)] = Deleted,
        [(Deleted, PurgeLogs)] = Purged,
        [(Active, HandOver)] = HandedOver,
        [(Suspended, HandOver)] = HandedOver,
    };

    private static readonly HashSet<(WorkspaceStatus, WorkspaceCommand)> ExpectedIgnored =
    [
        (Active, ConfirmProvisioned), (Suspended, ConfirmProvisioned), (Deleted, ConfirmDeletion),
        (Purged, ConfirmDeletion), (Purged, PurgeLogs), (HandedOver, HandOver),
    ];

    public static TheoryData<WorkspaceStatus, WorkspaceCommand> AllPairs() => SpecTable.AllPairs<WorkspaceStatus, WorkspaceCommand>(Open, TakeOver);

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Decide_EveryStateAndCommand_MatchesTheSpecTable(WorkspaceStatus from, WorkspaceCommand command)
    {
        SpecTable.AssertMatches(WorkspaceLifecycle.Decide(from, command), Expected, ExpectedIgnored, from, command);
    }

    [Fact]
    public void PurgedAndHandedOver_HaveNoRowOut()
    {
        Assert.DoesNotContain(WorkspaceLifecycle.Table.Allowed.Keys, k => k.Item1 is Purged or HandedOver);
    }
}
