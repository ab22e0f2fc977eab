namespace Domains.GrainInterfaces.Datasets;

/// <summary>A catalogue entry's grain key: the domain and the dataset id (neither contains '/': both are chosen ids).</summary>
public static class DatasetKeys
{
    public static string Key(string domainId, string datasetId) => $"{domainId}/{datasetId}";

    /// <summary>
    /// The name of a dataset's view in a workspace (DATAPLANE.md §3): every character outside <c>[a-z0-9_]</c> made
    /// <c>_</c>. Several ids have the same one, so a domain catalogues at most one of them (<c>dataset-view-taken</c>).
    /// </summary>
    public static string ViewName(string datasetId) => string.Create(datasetId.Length, datasetId, static (name, id) =>
    {
        for (var i = 0; i < id.Length; i++) name[i] = id[i] is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? id[i] : '_';
    });

    public static (string DomainId, string DatasetId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
