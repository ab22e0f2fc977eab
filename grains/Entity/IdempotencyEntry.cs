using Domains.GrainInterfaces;

namespace Domains.Grains.Entity;

/// <summary>The first answer given to an <c>Idempotency-Key</c>, a row of <c>idempotency_answers</c> (or, stored before, in the entity's state).</summary>
public sealed class IdempotencyEntry<TView>
{
    public string Key { get; set; } = "";

    /// <summary>
    /// Who asked (<see cref="CallerOf"/>): a key is the caller's own, so another actor choosing the same
    /// key is a fresh request and never hears this answer. <c>null</c> in entries stored before keys were
    /// scoped; those still match any caller, as they did when they were written, so a retry in flight
    /// across the upgrade is not applied twice.
    /// </summary>
    public string? Caller { get; set; }

    public string RequestHash { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public TView? Value { get; set; }

    public DomainError? Error { get; set; }

    public bool Created { get; set; }

    /// <summary>The remembered view's size in stored JSON (bytes), as states stored before the answers had a table of their own hold it; no longer set.</summary>
    public int Size { get; set; }

    /// <summary>The view was dropped to bound the state; a replay answers with the entity as it is now.</summary>
    public bool Compacted { get; set; }

    /// <summary>The first answer; for a compacted success, the current view (the command is still not applied again).</summary>
    public CommandResult<TView> ToResult(Func<TView> current) => Compacted ? new(current(), null, Created) : new(Value, Error, Created);

    public bool IsFrom(Actor actor) => Caller is null || Caller == CallerOf(actor);

    /// <summary>Role, unit and subject together: one subject holding two roles keeps two key spaces.</summary>
    public static string CallerOf(Actor actor) => $"{actor.RoleName}\n{actor.UnitId}\n{actor.Subject}";
}
