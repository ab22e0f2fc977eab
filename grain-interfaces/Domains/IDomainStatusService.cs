using Orleans.Services;

namespace Domains.GrainInterfaces.Domains;

/// <summary>Runs on every silo: holds the domain statuses the access path of that silo reads.</summary>
[Alias("domains.IDomainStatusService")]
public interface IDomainStatusService : IGrainService
{
    /// <summary>Takes a domain's new status; an older version than the one held is ignored.</summary>
    [Alias("Publish")]
    Task PublishAsync(DomainStatusStamp stamp);
}
