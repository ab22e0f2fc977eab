namespace Domains.GrainInterfaces.Deadlines;

/// <summary>Reads the deadline index (a stateless worker).</summary>
[Alias("domains.IDeadlineIndexGrain")]
public interface IDeadlineIndexGrain : IGrainWithIntegerKey
{
    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<Page<DeadlineView>> ListAsync(DeadlineQuery query);
}
