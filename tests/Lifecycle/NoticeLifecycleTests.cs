using Domains.GrainInterfaces.Notices;
using Domains.Grains.Lifecycle;
using Domains.Grains.Notices;
using static Domains.GrainInterfaces.Notices.NoticeCommand;
using static Domains.GrainInterfaces.Notices.NoticeStatus;

namespace Domains.Tests.Lifecycle;

/// <summary>The notice table of DOMAIN.md §3, written out again here and checked pair by pair.</summary>
public sealed class NoticeLifecycleTests
{
    private static readonly Dictionary<(NoticeStatus, NoticeCommand), NoticeStatus> Expected = new()
    {
        [(Draft, Define)] = Draft,
        [(Draft, Publish)] = Published,
        [(Published, Close)] = Closed,
        [(Draft, Withdraw)] = Withdrawn,
        [(Published, Withdraw)] = Withdrawn,
    };

    private static readonly HashSet<(NoticeStatus, NoticeCommand)> ExpectedIgnored = [(Closed, Close)];

    public static TheoryData<NoticeStatus, NoticeCommand> AllPairs() => SpecTable.AllPairs<NoticeStatus, NoticeCommand>();

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Decide_EveryStateAndCommand_MatchesTheSpecTable(NoticeStatus from, NoticeCommand command)
    {
        SpecTable.AssertMatches(NoticeLifecycle.Decide(from, command), Expected, ExpectedIgnored, from, command);
    }

    [Fact]
    public void Withdrawn_IsTerminal_NoCommandLeavesIt()
    {
        var rows = NoticeLifecycle.Table.Allowed.Keys.Where(k => k.Item1 == Withdrawn);

        Assert.Empty(rows);
    }

    [Fact]
    public void Closed_IsTerminal_OnlyARepeatedCloseIsIgnored()
    {
        var rows = NoticeLifecycle.Table.Allowed.Keys.Where(k => k.Item1 == Closed);

        Assert.Empty(rows);
        Assert.Equal([(Closed, Close)], NoticeLifecycle.Table.Ignored.Where(k => k.Item1 == Closed));
    }
}
