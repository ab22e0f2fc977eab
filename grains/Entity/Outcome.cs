using Domains.GrainInterfaces;

namespace Domains.Grains.Entity;

/// <summary>What a command decided: refuse it, succeed without a change, or apply a transition.</summary>
public readonly struct Outcome
{
    private Outcome(DomainError? error, Action? apply)
    {
        Error = error;
        Apply = apply;
    }

    public DomainError? Error { get; }

    /// <summary>Mutates the state; runs only after every guard passed, so it never half-applies.</summary>
    public Action? Apply { get; }

    public bool IsIgnored => Error is null && Apply is null;

    public static Outcome Refuse(DomainError error) => new(error, null);

    public static Outcome Ignore() => new(null, null);

    public static Outcome Transition(Action apply) => new(null, apply);
}
