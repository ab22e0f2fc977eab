namespace Domains.GrainInterfaces.Datasets;

/// <summary>A catalogue entry's grain key: the domain and the dataset id (neither contains '/': both are chosen ids).</summary>
public static class DatasetKeys
{
    public static string Key(string domainId, string datasetId) => $"{domainId}/{datasetId}";

    public static (string DomainId, string DatasetId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
