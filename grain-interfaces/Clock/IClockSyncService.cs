using Orleans.Services;

namespace Domains.GrainInterfaces.Clock;

/// <summary>Runs on every silo: sets that silo's manual clock to the cluster's instant.</summary>
[Alias("domains.IClockSyncService")]
public interface IClockSyncService : IGrainService
{
    [Alias("Set")]
    Task SetAsync(DateTimeOffset now);
}
