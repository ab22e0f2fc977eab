namespace Domains.GrainInterfaces.Domains;

/// <summary>Operation domain states (DOMAIN.md §3). Persisted numbers: never renumber.</summary>
public enum DomainStatus
{
    Planned = 1,
    AwaitingAcceptance = 2,
    Operational = 3,
    Suspended = 4,
    Retired = 5,
}
