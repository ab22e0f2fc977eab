namespace Domains.GrainInterfaces.Lists;

/// <summary>Reads the list table (a stateless worker). Items are views as JSON (<see cref="ViewJson"/>).</summary>
[Alias("domains.IResourceListGrain")]
public interface IResourceListGrain : IGrainWithIntegerKey
{
    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<Page<string>> ListAsync(ResourceQuery query);

    /// <summary>How many rows match (paging fields ignored).</summary>
    [Alias("Count"), Orleans.Concurrency.ReadOnly]
    Task<long> CountAsync(ResourceQuery query);
}
