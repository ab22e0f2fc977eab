using System.Collections.Frozen;

namespace Domains.Grains.Lifecycle;

/// <summary>
/// An explicit state/transition table: every (state, command) pair is a row (allowed), an explicit
/// repeat (ignored) or rejected. <see cref="Decide"/> is a pure lookup.
/// </summary>
public sealed class LifecycleTable<TStatus, TCommand>
    where TStatus : struct, Enum
    where TCommand : struct, Enum
{
    private readonly FrozenDictionary<(TStatus, TCommand), TStatus> _allowed;
    private readonly FrozenSet<(TStatus, TCommand)> _ignored;

    public LifecycleTable(
        IReadOnlyDictionary<(TStatus, TCommand), TStatus> allowed,
        IEnumerable<(TStatus, TCommand)> ignored)
    {
        _allowed = allowed.ToFrozenDictionary();
        _ignored = ignored.ToFrozenSet();
        var both = _ignored.Where(_allowed.ContainsKey).ToList();
        if (both.Count > 0)
        {
            throw new ArgumentException($"Pairs both allowed and ignored: {string.Join(", ", both)}");
        }
    }

    public IReadOnlyDictionary<(TStatus, TCommand), TStatus> Allowed => _allowed;

    public IReadOnlySet<(TStatus, TCommand)> Ignored => _ignored;

    public Decision<TStatus> Decide(TStatus from, TCommand command)
    {
        if (_allowed.TryGetValue((from, command), out var to)) return new(DecisionKind.Allowed, to);
        if (_ignored.Contains((from, command))) return new(DecisionKind.Ignored, from);
        return new(DecisionKind.Rejected, from);
    }
}
