namespace Domains.Grains.Drivers;

/// <summary>What the catalogue asks of a domain's data server: does a table with these columns exist there?</summary>
public interface IDataServerCatalog
{
    /// <summary>Null when <paramref name="table"/> (<c>schema.table</c>) and every column exist and the driver may read them; otherwise what is missing.</summary>
    Task<string?> FindMissingAsync(string domainId, string table, IReadOnlyList<string> columns);
}
