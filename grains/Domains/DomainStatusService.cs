using Domains.GrainInterfaces.Domains;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Services;
using Orleans.Services;

namespace Domains.Grains.Domains;

/// <summary>One per silo: receives a domain's status changes into this silo's <see cref="DomainStatusReplica"/>.</summary>
public sealed class DomainStatusService(GrainId grainId, Silo silo, ILoggerFactory loggerFactory, DomainStatusReplica replica)
    : GrainService(grainId, silo, loggerFactory), IDomainStatusService
{
    public Task PublishAsync(DomainStatusStamp stamp)
    {
        replica.Offer(stamp);
        return Task.CompletedTask;
    }
}

/// <summary>Reaches the <see cref="DomainStatusService"/> of one given silo.</summary>
public sealed class DomainStatusClient(IServiceProvider services)
    : GrainServiceClient<IDomainStatusService>(services), IGrainServiceClient<IDomainStatusService>
{
    public IDomainStatusService On(SiloAddress silo) => GetGrainService(silo);
}
