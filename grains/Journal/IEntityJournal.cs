using Domains.Grains.Audit;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Notifications;

namespace Domains.Grains.Journal;

/// <summary>
/// The tables an entity grain writes besides its own state: the append-only audit log, the inbox,
/// the list table and the deadline index. Every write is idempotent, so a grain can repeat it after a crash.
/// </summary>
public interface IEntityJournal
{
    /// <summary>
    /// Delivers what one save queued in one round trip (which other entities' deliveries may share):
    /// appends the audit events keyed by (entity, version) and the inbox notices keyed by their id (either
    /// already there is left as it is), writes the list row unless a row of the same or a higher version
    /// is there, and removes the index rows the delivery does not keep. All of it or none of it lands;
    /// repeating it changes nothing.
    /// </summary>
    Task DeliverAsync(JournalDelivery delivery);

    /// <summary>
    /// Writes a grain's state and what its transition produced (<paramref name="delivery"/>, if any) in one
    /// transaction, which other grains' commits may share; completes once it is committed. A state whose stored
    /// version is not the expected one fails with a <see cref="Npgsql.PostgresException"/> of SQLSTATE
    /// <see cref="PostgresEntityJournal.VersionConflict"/> and writes nothing.
    /// </summary>
    Task CommitAsync(GrainStateWrite write, JournalDelivery? delivery);

    /// <summary>The answers the entity remembered for <paramref name="key"/> (of any caller; the caller tells them apart).</summary>
    Task<IReadOnlyList<StoredAnswer>> FindAnswersAsync(string entityType, string entityId, string key);

    /// <summary>Adds index rows for these deadlines (rows already there stay).</summary>
    Task AddDeadlinesAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> deadlines);

    /// <summary>Removes the entity's index rows that are not among <paramref name="keep"/>.</summary>
    Task RemoveDeadlinesExceptAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> keep);
}
