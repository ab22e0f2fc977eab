using Domains.GrainInterfaces;

namespace Domains.Grains.Entity;

/// <summary>What a command decided: refuse it, succeed without a change, or apply a transition.</summary>
public readonly struct Outcome
{
    private Outcome(DomainError? error, Action? apply, bool audited = true)
    {
        Error = error;
        Apply = apply;
        Audited = audited;
    }

    public DomainError? Error { get; }

    /// <summary>Mutates the state; runs only after every guard passed, so it never half-applies.</summary>
    public Action? Apply { get; }

    public bool IsIgnored => Error is null && Apply is null;

    /// <summary>False for bookkeeping (a tracked count, a reservation): saved, but not a transition of the entity.</summary>
    public bool Audited { get; }

    public static Outcome Refuse(DomainError error) => new(error, null);

    public static Outcome Ignore() => new(null, null);

    public static Outcome Transition(Action apply) => new(null, apply);

    /// <summary>A change that is saved but is no transition: no version, no audit event.</summary>
    public static Outcome Bookkeeping(Action apply) => new(null, apply, audited: false);
}
