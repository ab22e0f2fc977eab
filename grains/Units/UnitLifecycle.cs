using Domains.GrainInterfaces.Units;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Units.UnitStatus;
using static Domains.Grains.Units.QualificationVerdict;

namespace Domains.Grains.Units;

/// <summary>
/// The operating unit table (DOMAIN.md §3). Every <see cref="UnitCommand"/> is taken in every state (a
/// unit never ends) and changes facts; R1 is then evaluated again and its verdict moves the unit. A new
/// unit starts <see cref="Registered"/> and meets this table with its first verdict. An ignored pair
/// keeps the status, but the command that changed the facts is still a transition (version, audit).
/// </summary>
public static class UnitLifecycle
{
    public static readonly LifecycleTable<UnitStatus, QualificationVerdict> Table = new(
        allowed: new Dictionary<(UnitStatus, QualificationVerdict), UnitStatus>
        {
            [(Registered, AllMet)] = Qualified,
            [(Registered, SomeUnmet)] = NotQualified,
            [(Qualified, SomeUnmet)] = NotQualified,
            [(NotQualified, AllMet)] = Qualified,
        },
        ignored:
        [
            (Registered, NoProfile),
            (Qualified, AllMet),
            (NotQualified, SomeUnmet),
        ]);

    // (Qualified | NotQualified, NoProfile) is rejected: a security profile, once set, is never taken away.

    public static Decision<UnitStatus> Decide(UnitStatus from, QualificationVerdict verdict) => Table.Decide(from, verdict);

    public static QualificationVerdict VerdictOf(SecurityProfile? profile, Qualification qualification) =>
        profile is null ? NoProfile : qualification.Qualified ? AllMet : SomeUnmet;
}
