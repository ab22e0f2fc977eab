using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;

namespace Domains.Grains.Audit;

/// <summary>
/// Recomputes an entity's chain: versions run 1, 2, 3… without a gap, each event links to the hash of
/// the one before (the first to none), and each stored hash is the hash of the stored fields.
/// </summary>
public static class AuditChain
{
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
                e.Actor, e.Role, e.Reason, e.At, e.PrevHash);
            if (hash != e.Hash) return Broken(events.Count, e.Version, "hash does not match the event's fields");
            previous = e.Hash;
        }
        return new ChainVerification(true, events.Count, null, null);
    }

    private static ChainVerification Broken(int events, long version, string problem) => new(false, events, version, problem);
}
