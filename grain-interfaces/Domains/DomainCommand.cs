namespace Domains.GrainInterfaces.Domains;

/// <summary>Commands on an operation domain. Persisted numbers: never renumber.</summary>
public enum DomainCommand
{
    Register = 1,
    Update = 2,
    ReportBuilt = 3,
    Accept = 4,
    Suspend = 5,
    Resume = 6,
    Retire = 7,
}
