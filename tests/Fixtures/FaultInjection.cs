using Domains.Grains.Audit;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Notifications;
using Domains.Grains.Journal;

namespace Domains.Tests.Fixtures;

/// <summary>
/// Wraps the real journal so a test can make a save with audit events fail once after it was committed, as if
/// the silo died right after the commit (the grain hears a failure, the state and its audit event are stored),
/// or make the delivery of audit events of a state stored before fail.
/// </summary>
public sealed class FaultInjectingJournal(PostgresEntityJournal inner) : IEntityJournal
{
    private static int _auditFailures;

    /// <summary>The next <paramref name="count"/> saves or deliveries with audit events fail after committing (process-wide: tests using it run in one collection).</summary>
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

    private static string? _failCommitOf;

    /// <summary>
    /// The next save of an entity of <paramref name="entityType"/> (and <paramref name="entityId"/>, when given) fails
    /// before anything is written, as a database refusing the transaction would.
    /// </summary>
    public static void FailNextCommitOf(string entityType, string? entityId = null) =>
        Volatile.Write(ref _failCommitOf, entityId is null ? entityType : $"{entityType}/{entityId}");

    public async Task CommitAsync(GrainStateWrite write, JournalDelivery? delivery)
    {
        if (delivery is not null && Volatile.Read(ref _failCommitOf) is { } target
            && (target == delivery.EntityType || target == $"{delivery.EntityType}/{delivery.EntityId}")
            && Interlocked.CompareExchange(ref _failCommitOf, null, target) == target)
        {
            throw new InjectedFaultException($"injected: the save of {delivery.EntityType}/{delivery.EntityId} failed");
        }
        await inner.CommitAsync(write, delivery);
        if (delivery is { Audit.Count: > 0 })
        {
            if (Interlocked.Decrement(ref _auditFailures) >= 0)
            {
                throw new InjectedFaultException("injected: the answer to a committed save was lost");
            }
            Interlocked.Exchange(ref _auditFailures, 0);
        }
    }

    public Task AddDeadlinesAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> deadlines) =>
        inner.AddDeadlinesAsync(entityType, entityId, deadlines);

    public Task RemoveDeadlinesExceptAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> keep) =>
        inner.RemoveDeadlinesExceptAsync(entityType, entityId, keep);
}

[GenerateSerializer]
public sealed class InjectedFaultException(string message) : Orleans.Runtime.OrleansException(message);
