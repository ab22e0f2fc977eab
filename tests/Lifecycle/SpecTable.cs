using Domains.Grains.Lifecycle;

namespace Domains.Tests.Lifecycle;

/// <summary>
/// A lifecycle table as the spec states it, written out independently of the production table, and
/// the check that a decision matches it: a row of the spec is allowed with its target, an explicit
/// repeat is ignored, everything else is rejected.
/// </summary>
public static class SpecTable
{
    public static TheoryData<TStatus, TCommand> AllPairs<TStatus, TCommand>(params TCommand[] creations)
        where TStatus : struct, Enum
        where TCommand : struct, Enum
    {
        var data = new TheoryData<TStatus, TCommand>();
        foreach (var status in Enum.GetValues<TStatus>())
        {
            foreach (var command in Enum.GetValues<TCommand>().Where(c => !creations.Contains(c)))
            {
                data.Add(status, command);
            }
        }
        return data;
    }

    public static void AssertMatches<TStatus, TCommand>(
        Decision<TStatus> decision, IReadOnlyDictionary<(TStatus, TCommand), TStatus> expected,
        IReadOnlySet<(TStatus, TCommand)> ignored, TStatus from, TCommand command)
        where TStatus : struct, Enum
        where TCommand : struct, Enum
    {
        if (expected.TryGetValue((from, command), out var to))
        {
            Assert.Equal(DecisionKind.Allowed, decision.Kind);
            Assert.Equal(to, decision.To);
        }
        else if (ignored.Contains((from, command)))
        {
            Assert.Equal(DecisionKind.Ignored, decision.Kind);
        }
        else
        {
            Assert.Equal(DecisionKind.Rejected, decision.Kind);
        }
    }
}
