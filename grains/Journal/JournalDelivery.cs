using Domains.Grains.Audit;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Notifications;

namespace Domains.Grains.Journal;

/// <summary>
/// What one save of an entity queued for the journal: its audit events, inbox notices, list row, the deadline
/// index rows <see cref="AddDeadlines"/> adds and, when <see cref="KeepDeadlines"/> is set, the removal of its
/// deadline index rows not among those, and the answers to idempotent requests it remembered (each in its slot).
/// </summary>
public sealed record JournalDelivery(
    string EntityType,
    string EntityId,
    IReadOnlyList<AuditRecord> Audit,
    IReadOnlyList<Notification> Notifications,
    ResourceRow? Resource,
    IReadOnlyCollection<Deadline>? KeepDeadlines,
    IReadOnlyCollection<Deadline>? AddDeadlines = null,
    IReadOnlyList<IdempotencyAnswer>? Answers = null)
{
    public bool IsEmpty =>
        Audit.Count == 0 && Notifications.Count == 0 && Resource is null && KeepDeadlines is null && AddDeadlines is not { Count: > 0 }
        && Answers is not { Count: > 0 };
}
