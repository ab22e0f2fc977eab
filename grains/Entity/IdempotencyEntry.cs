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

    public CommandResult<TView> ToResult() => new(Value, Error, Created);
}
