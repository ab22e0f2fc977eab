using System.Collections.Concurrent;
using Domains.GrainInterfaces.Domains;

namespace Domains.Grains.Domains;

/// <summary>
/// This silo's copy of the domain statuses its workspaces have asked for, so an access decision reads a
/// dictionary instead of calling the domain grain: one domain activation answering every decision of
/// every workspace in it capped the access rate at ~10k/s (BENCHMARKS.md). A copy is first taken from
/// the domain grain, which then counts this silo among its watchers; every later change reaches it
/// through <see cref="DomainStatusService"/> before the domain acknowledges the change.
/// </summary>
public sealed class DomainStatusReplica
{
    private readonly ConcurrentDictionary<string, DomainStatusStamp> _stamps = new(StringComparer.Ordinal);

    public bool TryGet(string domainId, out DomainStatusStamp stamp) => _stamps.TryGetValue(domainId, out stamp!);

    /// <summary>Keeps the newer of what is held and <paramref name="stamp"/>; returns what is held then.</summary>
    public DomainStatusStamp Offer(DomainStatusStamp stamp) =>
        _stamps.AddOrUpdate(stamp.DomainId, stamp, (_, held) => stamp.Version > held.Version ? stamp : held);
}
