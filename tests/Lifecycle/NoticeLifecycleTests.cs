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

    public static TheoryData<NoticeStatus, NoticeCommand> AllPairs()
    {
        var data = new TheoryData<NoticeStatus, NoticeCommand>();
        foreach (var status in Enum.GetValues<NoticeStatus>())
        {
            foreach (var command in Enum.GetValues<NoticeCommand>()) data.Add(status, command);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Decide_EveryStateAndCommand_MatchesTheSpecTable(NoticeStatus from, NoticeCommand command)
    {
        var decision = NoticeLifecycle.Decide(from, command);

        if (Expected.TryGetValue((from, command), out var to))
        {
            Assert.Equal(DecisionKind.Allowed, decision.Kind);
            Assert.Equal(to, decision.To);
        }
        else if (ExpectedIgnored.Contains((from, command)))
        {
            Assert.Equal(DecisionKind.Ignored, decision.Kind);
        }
        else
        {
            Assert.Equal(DecisionKind.Rejected, decision.Kind);
        }
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
