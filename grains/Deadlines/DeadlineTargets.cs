using Domains.GrainInterfaces.Deadlines;

namespace Domains.Grains.Deadlines;

/// <summary>Which grain interface owns the deadlines of each entity type in the index.</summary>
public sealed class DeadlineTargets
{
    private readonly Dictionary<string, Type> _interfaces = new(StringComparer.Ordinal);

    public DeadlineTargets Add<TGrain>(string entityType) where TGrain : IDeadlineTarget
    {
        _interfaces[entityType] = typeof(TGrain);
        return this;
    }

    public IDeadlineTarget? Resolve(IGrainFactory grains, string entityType, string entityId) =>
        _interfaces.TryGetValue(entityType, out var type)
            ? (IDeadlineTarget)grains.GetGrain(type, entityId)
            : null;
}
