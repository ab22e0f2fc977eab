namespace Domains.Grains.Lifecycle;

/// <summary>What a lifecycle table says of a (state, command) pair.</summary>
public enum DecisionKind
{
    /// <summary>A row of the table: the command moves the entity to <see cref="Decision{TStatus}.To"/>.</summary>
    Allowed = 1,

    /// <summary>An explicit repeat that succeeds without a change.</summary>
    Ignored = 2,

    /// <summary>Everything else: <c>invalid-transition</c>.</summary>
    Rejected = 3,
}

public readonly record struct Decision<TStatus>(DecisionKind Kind, TStatus To) where TStatus : struct, Enum;
