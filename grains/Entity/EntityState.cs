using Domains.Grains.Audit;
using System.Text.Json.Serialization;
using Domains.Grains.Deadlines;
using Domains.Grains.Journal;
using Domains.Grains.Notifications;

namespace Domains.Grains.Entity;

/// <summary>
/// What every entity keeps besides its own facts: its version, its place in the audit chain, its
/// outbox (calls to other grains saved but not yet confirmed done), its deadlines as absolute instants,
/// and how many answers to idempotent requests it has given (the answers themselves are rows of their own,
/// <see cref="IdempotencyAnswer"/>). Audit events and inbox notices are written with the
/// state in one transaction (<see cref="Outgoing"/>); <see cref="PendingAudit"/> and
/// <see cref="PendingNotifications"/> hold them only until that write (and are read from states stored
/// before, which delivered them after the save).
/// </summary>
public abstract class EntityState<TView> : IJournaledState
{
    public long Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? LastAuditHash { get; set; }

    /// <summary>True while calls of <see cref="PendingEffects"/> (or, in states stored before, audit events and notices) wait to be made.</summary>
    public bool OutboxPending { get; set; }

    public List<AuditRecord> PendingAudit { get; set; } = [];

    public List<Notification> PendingNotifications { get; set; } = [];

    public List<Effect> PendingEffects { get; set; } = [];

    public List<Deadline> Deadlines { get; set; } = [];

    /// <summary>
    /// Answers remembered in the state itself, as states stored before the answers had a table of their own
    /// hold them: still found by a retry, and moved into the table by the next save.
    /// </summary>
    public List<IdempotencyEntry<TView>> Idempotency { get; set; } = [];

    /// <summary>How many answers to <c>Idempotency-Key</c>s this entity has remembered; the next one's slot is this modulo the capacity.</summary>
    public long AnswersGiven { get; set; }

    /// <summary>What the write in progress carries into its transaction; never stored.</summary>
    [JsonIgnore]
    public JournalDelivery? Outgoing { get; set; }
}
