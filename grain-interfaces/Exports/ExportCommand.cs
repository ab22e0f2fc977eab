namespace Domains.GrainInterfaces.Exports;

/// <summary>Commands on an export. Persisted numbers: never renumber.</summary>
public enum ExportCommand
{
    Submit = 1,
    Approve = 2,
    Reject = 3,
    Deliver = 4,
}
