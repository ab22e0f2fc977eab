using Domains.Grains.Audit;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Notifications;
using Domains.Grains.Journal;

namespace Domains.Tests.Fixtures;

/// <summary>
/// Wraps the real journal so a test can make the delivery of audit events fail once, as if the silo died
/// between saving a grain's state and appending its audit event.
/// </summary>
public sealed class FaultInjectingJournal(PostgresEntityJournal inner) : IEntityJournal
{
    private static int _auditFailures;

    /// <summary>The next <paramref name="count"/> audit appends fail (process-wide: tests using it run in one collection).</summary>
    public static void FailNextAuditAppends(int count) => Interlocked.Exchange(ref _auditFailures, count);

    public Task DeliverAsync(JournalDelivery delivery)
    {
        if (delivery.Audit.Count > 0)
        {
            if (Interlocked.Decrement(ref _auditFailures) >= 0)
            {
                throw new InjectedFaultException("injected: audit append failed after the state was saved");
            }
            Interlocked.Exchange(ref _auditFailures, 0);
        }
        return inner.DeliverAsync(delivery);
    }

    public Task AddDeadlinesAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> deadlines) =>
        inner.AddDeadlinesAsync(entityType, entityId, deadlines);

    public Task RemoveDeadlinesExceptAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> keep) =>
        inner.RemoveDeadlinesExceptAsync(entityType, entityId, keep);
}

[GenerateSerializer]
public sealed class InjectedFaultException(string message) : Exception(message);
