using Domains.GrainInterfaces;

namespace Domains.Grains.Entity;

/// <summary>The first answer given to an <c>Idempotency-Key</c>, kept in the entity's own state.</summary>
public sealed class IdempotencyEntry<TView>
{
    public string Key { get; set; } = "";

    public string RequestHash { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public TView? Value { get; set; }

    public DomainError? Error { get; set; }

    public bool Created { get; set; }

    /// <summary>The remembered view's size in stored JSON (bytes), which bounds what all answers may keep.</summary>
    public int Size { get; set; }

    /// <summary>The view was dropped to bound the state; a replay answers with the entity as it is now.</summary>
    public bool Compacted { get; set; }

    /// <summary>The first answer; for a compacted success, the current view (the command is still not applied again).</summary>
    public CommandResult<TView> ToResult(Func<TView> current) => Compacted ? new(current(), null, Created) : new(Value, Error, Created);
}
