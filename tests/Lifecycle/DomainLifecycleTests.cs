using Domains.GrainInterfaces.Domains;
using Domains.Grains.Domains;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Domains.DomainCommand;
using static Domains.GrainInterfaces.Domains.DomainStatus;

namespace Domains.Tests.Lifecycle;

/// <summary>The operation domain table of DOMAIN.md §3, written out again here and checked pair by pair.</summary>
public sealed class DomainLifecycleTests
{
    private static readonly Dictionary<(DomainStatus, DomainCommand), DomainStatus> Expected = new()
    {
        [(Planned, ReportBuilt)] = AwaitingAcceptance,
        [(AwaitingAcceptance, Accept)] = Operational,
        [(Operational, Suspend)] = Suspended,
        [(Suspended, Resume)] = Operational,
        [(Operational, Retire)] = Retired,
        [(Planned, Update)] = Planned,
        [(AwaitingAcceptance, Update)] = AwaitingAcceptance,
        [(Operational, Update)] = Operational,
        [(Suspended, Update)] = Suspended,
    };

    private static readonly HashSet<(DomainStatus, DomainCommand)> ExpectedIgnored = [(AwaitingAcceptance, ReportBuilt)];

    public static TheoryData<DomainStatus, DomainCommand> AllPairs() => SpecTable.AllPairs<DomainStatus, DomainCommand>(Register);

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Decide_EveryStateAndCommand_MatchesTheSpecTable(DomainStatus from, DomainCommand command)
    {
        SpecTable.AssertMatches(DomainLifecycle.Decide(from, command), Expected, ExpectedIgnored, from, command);
    }

    [Fact]
    public void Retired_IsTerminal_NoCommandLeavesIt()
    {
        var rows = DomainLifecycle.Table.Allowed.Keys.Concat(DomainLifecycle.Table.Ignored).Where(k => k.Item1 == Retired);

        Assert.Empty(rows);
    }

    [Fact]
    public void Table_WithAPairBothAllowedAndIgnored_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new LifecycleTable<DomainStatus, DomainCommand>(
            new Dictionary<(DomainStatus, DomainCommand), DomainStatus> { [(Planned, ReportBuilt)] = AwaitingAcceptance },
            [(Planned, ReportBuilt)]));
    }
}
