namespace Domains.GrainInterfaces;

/// <summary>The roles of DOMAIN.md §5. Numbers are persisted in audit state: never renumber.</summary>
public enum Role
{
    System = 0,
    Authority = 1,
    Supervisor = 2,
    Automation = 3,
    Unit = 4,
    Auditor = 5,
}
