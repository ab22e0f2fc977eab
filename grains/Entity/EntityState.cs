using Domains.Grains.Audit;
using Domains.Grains.Deadlines;
using Domains.Grains.Notifications;

namespace Domains.Grains.Entity;

/// <summary>
/// What every entity keeps besides its own facts: its version, its place in the audit chain, its
/// outbox (audit events, inbox notices and calls to other grains saved but not yet confirmed done),
/// its deadlines as absolute instants, and the answers to recent idempotent requests.
/// </summary>
public abstract class EntityState<TView>
{
    public long Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? LastAuditHash { get; set; }

    /// <summary>True when the last save's outbox may not have been delivered (set before every save).</summary>
    public bool OutboxPending { get; set; }

    public List<AuditRecord> PendingAudit { get; set; } = [];

    public List<Notification> PendingNotifications { get; set; } = [];

    public List<Effect> PendingEffects { get; set; } = [];

    public List<Deadline> Deadlines { get; set; } = [];

    public List<IdempotencyEntry<TView>> Idempotency { get; set; } = [];
}
