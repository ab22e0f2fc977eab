using Domains.GrainInterfaces.Clock;
using Orleans.Runtime.Services;
using Orleans.Services;

namespace Domains.Grains.Clock;

/// <summary>Reaches the <see cref="ClockSyncService"/> of one given silo.</summary>
public sealed class ClockSyncClient(IServiceProvider services)
    : GrainServiceClient<IClockSyncService>(services), IGrainServiceClient<IClockSyncService>
{
    public IClockSyncService On(SiloAddress silo) => GetGrainService(silo);
}
