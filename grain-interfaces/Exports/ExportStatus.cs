namespace Domains.GrainInterfaces.Exports;

/// <summary>Export states (DATAPLANE.md §5). Persisted numbers: never renumber.</summary>
public enum ExportStatus
{
    Submitted = 1,
    Approved = 2,
    Delivered = 3,
    Rejected = 4,
}
