namespace Domains.Grains.Journal;

/// <summary>
/// A grain state that hands its storage what its transition produced besides itself, so that the storage
/// writes both in one transaction (<see cref="IEntityJournal.CommitAsync"/>). Set just before the write, never stored.
/// </summary>
public interface IJournaledState
{
    JournalDelivery? Outgoing { get; }
}
