using Domains.GrainInterfaces.Domains;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Domains.DomainCommand;
using static Domains.GrainInterfaces.Domains.DomainStatus;

namespace Domains.Grains.Domains;

/// <summary>
/// The operation domain table (DOMAIN.md §3). Creation (<see cref="Register"/> of a domain that does
/// not exist) starts it in <see cref="Planned"/>; <see cref="Update"/> changes registered facts in place.
/// </summary>
public static class DomainLifecycle
{
    public static readonly LifecycleTable<DomainStatus, DomainCommand> Table = new(
        allowed: new Dictionary<(DomainStatus, DomainCommand), DomainStatus>
        {
            [(Planned, Update)] = Planned,
            [(AwaitingAcceptance, Update)] = AwaitingAcceptance,
            [(Operational, Update)] = Operational,
            [(Suspended, Update)] = Suspended,
            [(Planned, ReportBuilt)] = AwaitingAcceptance,
            [(AwaitingAcceptance, Accept)] = Operational,
            [(Operational, Suspend)] = Suspended,
            [(Suspended, Resume)] = Operational,
            [(Operational, Retire)] = Retired,
        },
        ignored:
        [
            // Automation retries its report until it hears an answer.
            (AwaitingAcceptance, ReportBuilt),
        ]);

    public static Decision<DomainStatus> Decide(DomainStatus from, DomainCommand command) => Table.Decide(from, command);
}
