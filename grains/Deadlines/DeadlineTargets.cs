using Domains.GrainInterfaces.Deadlines;
using Microsoft.Extensions.DependencyInjection;

namespace Domains.Grains.Deadlines;

/// <summary>Names the grain interface that owns the deadlines of one entity type.</summary>
public sealed record DeadlineTarget(string EntityType, Type GrainInterface);

/// <summary>Which grain interface owns the deadlines of each entity type in the index.</summary>
public sealed class DeadlineTargets(IEnumerable<DeadlineTarget> targets)
{
    private readonly Dictionary<string, Type> _interfaces = targets.ToDictionary(t => t.EntityType, t => t.GrainInterface, StringComparer.Ordinal);

    public IDeadlineTarget? Resolve(IGrainFactory grains, string entityType, string entityId) =>
        _interfaces.TryGetValue(entityType, out var type)
            ? (IDeadlineTarget)grains.GetGrain(type, entityId)
            : null;
}

public static class DeadlineTargetRegistration
{
    public static IServiceCollection AddDeadlineTarget<TGrain>(this IServiceCollection services, string entityType)
        where TGrain : IDeadlineTarget =>
        services.AddSingleton(new DeadlineTarget(entityType, typeof(TGrain)));
}
