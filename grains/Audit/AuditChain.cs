using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;

namespace Domains.Grains.Audit;

/// <summary>
/// Recomputes an entity's chain: versions run 1, 2, 3… without a gap, each event links to the hash of
/// the one before (the first to none), and each stored hash is the hash of the stored fields. With the
/// entity's stored head, the chain must also end where the entity is: at its version, with its last
/// hash. Without that anchor, deleting an entity's newest events (or all of them) left a chain that
/// verified.
/// </summary>
public static class AuditChain
{
    /// <summary>The events alone (no anchor): what the log says among itself.</summary>
    public static ChainVerification Verify(EntityRef entity, IReadOnlyList<AuditEventView> events)
    {
        string? previous = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var expectedVersion = i + 1;
            if (e.Version != expectedVersion) return Broken(events.Count, expectedVersion, $"version {expectedVersion} is missing");
            if (e.PrevHash != previous) return Broken(events.Count, e.Version, "prevHash does not match the previous event's hash");
            var hash = AuditHasher.Compute(entity.Type, entity.Id, e.Version, e.Action, e.FromState, e.ToState,
                e.Actor, e.Role, e.Reason, e.At, e.PrevHash, e.Changes);
            if (hash != e.Hash) return Broken(events.Count, e.Version, "hash does not match the event's fields");
            previous = e.Hash;
        }
        return new ChainVerification(true, events.Count, null, null);
    }

    /// <summary>
    /// The events anchored at the entity's stored head (null: the entity has no stored state). Events the
    /// state still holds in its outbox and the log lacks are the head's tail, saved but not yet appended
    /// (the outbox delivers right after the save): they are verified from the state and counted as pending.
    /// </summary>
    public static ChainVerification Verify(EntityRef entity, IReadOnlyList<AuditEventView> events, AuditHead? head)
    {
        var merged = events.ToList();
        var pending = 0;
        if (head is not null)
        {
            var logged = events.ToDictionary(e => e.Version, e => e.Hash);
            foreach (var record in head.PendingAudit.OrderBy(r => r.Version))
            {
                if (logged.TryGetValue(record.Version, out var hash))
                {
                    if (hash != record.Hash) return Head(events.Count, record.Version, head, 0, "the event the entity saved differs from the log's");
                    continue;
                }
                merged.Add(ToView(record));
                pending++;
            }
            merged.Sort((a, b) => a.Version.CompareTo(b.Version));
        }

        var chain = Verify(entity, merged);
        if (!chain.Valid) return chain with { Events = events.Count, Check = ChainVerification.ChainCheck, HeadVersion = head?.Version, Pending = pending };

        if (head is null)
        {
            return merged.Count == 0
                ? chain
                : Head(events.Count, 1, null, 0, "the log has events of an entity that has no stored state");
        }
        // Events past the head are transitions saved after the head was read; the chain checked them.
        if (merged.Count < head.Version)
        {
            return Head(events.Count, merged.Count + 1, head, pending,
                $"the log ends at version {merged.Count} but the entity is at version {head.Version}");
        }
        if (head.Version > 0 && merged[(int)head.Version - 1].Hash != head.LastAuditHash)
        {
            return Head(events.Count, head.Version, head, pending, "the log's hash at the entity's version is not the entity's last audit hash");
        }
        return chain with { Events = events.Count, HeadVersion = head.Version, Pending = pending };
    }

    private static AuditEventView ToView(AuditRecord r) => new(
        0, $"{r.EntityType}/{r.EntityId}", r.Version, r.At, r.Actor, r.Role, r.Action, r.FromState, r.ToState, r.Reason, r.Hash, r.PrevHash, r.Changes);

    private static ChainVerification Broken(int events, long version, string problem) =>
        new(false, events, version, problem, ChainVerification.ChainCheck);

    private static ChainVerification Head(int events, long version, AuditHead? head, int pending, string problem) =>
        new(false, events, version, problem, ChainVerification.HeadCheck, head?.Version, pending);
}
