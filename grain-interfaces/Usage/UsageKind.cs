namespace Domains.GrainInterfaces.Usage;

/// <summary>What a usage record tells (DATAPLANE.md §4). Persisted numbers: never renumber.</summary>
public enum UsageKind
{
    Connect = 1,
    Disconnect = 2,
    Statement = 3,
}
