using Domains.GrainInterfaces.Clock;
using Microsoft.Extensions.Logging;

namespace Domains.Grains.Clock;

/// <summary>One per silo: receives the cluster's manual instant and sets this silo's clock to it.</summary>
public sealed class ClockSyncService(GrainId grainId, Silo silo, ILoggerFactory loggerFactory, BusinessClock clock)
    : GrainService(grainId, silo, loggerFactory), IClockSyncService
{
    public Task SetAsync(DateTimeOffset now)
    {
        (clock as ManualBusinessClock)?.Set(now);
        return Task.CompletedTask;
    }
}
