namespace Domains.Grains.Drivers;

/// <summary>The webhook driver's deployments: platform automation owns the data server, which the controller cannot ask.</summary>
public sealed class NoDataServerCatalog : IDataServerCatalog
{
    public Task<string?> FindMissingAsync(string domainId, string table, IReadOnlyList<string> columns) => Task.FromResult<string?>(null);
}
