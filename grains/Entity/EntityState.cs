using Domains.Grains.Audit;
using Domains.Grains.Deadlines;

namespace Domains.Grains.Entity;

/// <summary>
/// What every entity keeps besides its own facts: its version, its place in the audit chain, the audit
/// events saved but not yet confirmed in the audit table (the outbox), its deadlines as absolute
/// instants, and the answers to recent idempotent requests.
/// </summary>
public abstract class EntityState<TView>
{
    public long Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? LastAuditHash { get; set; }

    public List<AuditRecord> PendingAudit { get; set; } = [];

    public List<Deadline> Deadlines { get; set; } = [];

    public List<IdempotencyEntry<TView>> Idempotency { get; set; } = [];
}
