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
    /// <summary>Appends events keyed by (entity, version); an event already there is left as it is.</summary>
    Task AppendAuditAsync(IReadOnlyList<AuditRecord> events);

    /// <summary>Appends inbox notices keyed by their id; a notice already there is left as it is.</summary>
    Task AppendNotificationsAsync(IReadOnlyList<Notification> notifications);

    /// <summary>Writes an entity's list row unless a row of the same or a higher version is there.</summary>
    Task UpsertResourceAsync(ResourceRow row);

    /// <summary>Adds index rows for these deadlines (rows already there stay).</summary>
    Task AddDeadlinesAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> deadlines);

    /// <summary>Removes the entity's index rows that are not among <paramref name="keep"/>.</summary>
    Task RemoveDeadlinesExceptAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> keep);
}
