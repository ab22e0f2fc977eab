using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Journal;

namespace Domains.Tests.Fixtures;

/// <summary>
/// Wraps the real journal so a test can make one save of one entity fail: before anything is written (as a
/// database refusing the transaction would), or after it was committed (as if the silo died right after the
/// commit: the grain hears a failure, the state and its audit events are stored), or make the later delivery of
/// that entity's audit events fail. Each fault names the entity it is for, so tests running at the same time on the
/// same cluster never meet another test's fault.
/// </summary>
public sealed class FaultInjectingJournal(PostgresEntityJournal inner) : IEntityJournal
{
    private enum When { BeforeCommit, AfterAuditedCommit }

    private sealed record Fault(When When, Func<JournalDelivery, bool> Matches);

    private static readonly List<Fault> Faults = [];

    /// <summary>
    /// The next save (or delivery) with audit events of <paramref name="entityType"/>/<paramref name="entityId"/>
    /// fails after committing.
    /// </summary>
    public static void FailNextAuditAppendOf(string entityType, string entityId) =>
        Add(When.AfterAuditedCommit, d => d.EntityType == entityType && d.EntityId == entityId);

    /// <summary>The next save of <paramref name="entityType"/>/<paramref name="entityId"/> fails before anything is written.</summary>
    public static void FailNextCommitOf(string entityType, string entityId) =>
        Add(When.BeforeCommit, d => d.EntityType == entityType && d.EntityId == entityId);

    /// <summary>
    /// The next save of an entity of <paramref name="entityType"/> belonging to unit <paramref name="unitId"/> fails
    /// before anything is written (for an entity whose id the test cannot know before it is created).
    /// </summary>
    public static void FailNextCommitOfUnits(string entityType, string unitId) =>
        Add(When.BeforeCommit, d => d.EntityType == entityType && d.Resource?.UnitId == unitId);

    private static void Add(When when, Func<JournalDelivery, bool> matches)
    {
        lock (Faults) Faults.Add(new Fault(when, matches));
    }

    /// <summary>Takes (consumes) the first fault for this moment that matches the delivery.</summary>
    private static bool Take(When when, JournalDelivery? delivery)
    {
        if (delivery is null) return false;
        lock (Faults)
        {
            var index = Faults.FindIndex(f => f.When == when && f.Matches(delivery));
            if (index < 0) return false;
            Faults.RemoveAt(index);
            return true;
        }
    }

    public Task DeliverAsync(JournalDelivery delivery)
    {
        if (delivery.Audit.Count > 0 && Take(When.AfterAuditedCommit, delivery))
        {
            throw new InjectedFaultException("injected: audit append failed after the state was saved");
        }
        return inner.DeliverAsync(delivery);
    }

    public async Task CommitAsync(GrainStateWrite write, JournalDelivery? delivery)
    {
        if (Take(When.BeforeCommit, delivery))
        {
            throw new InjectedFaultException($"injected: the save of {delivery!.EntityType}/{delivery.EntityId} failed");
        }
        await inner.CommitAsync(write, delivery);
        if (delivery is { Audit.Count: > 0 } && Take(When.AfterAuditedCommit, delivery))
        {
            throw new InjectedFaultException("injected: the answer to a committed save was lost");
        }
    }

    public Task<IReadOnlyList<StoredAnswer>> FindAnswersAsync(string entityType, string entityId, string key) =>
        inner.FindAnswersAsync(entityType, entityId, key);

    public Task AddDeadlinesAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> deadlines) =>
        inner.AddDeadlinesAsync(entityType, entityId, deadlines);

    public Task RemoveDeadlinesExceptAsync(string entityType, string entityId, IReadOnlyCollection<Deadline> keep) =>
        inner.RemoveDeadlinesExceptAsync(entityType, entityId, keep);
}

[Orleans.GenerateSerializer]
public sealed class InjectedFaultException(string message) : Orleans.Runtime.OrleansException(message);
