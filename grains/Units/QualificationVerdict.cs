namespace Domains.Grains.Units;

/// <summary>What a re-evaluation of R1 found; it, not the command that changed the facts, picks the row of <see cref="UnitLifecycle"/>.</summary>
public enum QualificationVerdict
{
    /// <summary>No security profile yet: the unit cannot be judged.</summary>
    NoProfile = 1,
    AllMet = 2,
    SomeUnmet = 3,
}
