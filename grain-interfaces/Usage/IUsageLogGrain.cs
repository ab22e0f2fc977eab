namespace Domains.GrainInterfaces.Usage;

/// <summary>Reads the usage log of workspaces (stateless: any silo answers).</summary>
[Alias("domains.IUsageLogGrain")]
public interface IUsageLogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// One page of the workspace's usage records, oldest first; <c>not-found</c> when the workspace does not
    /// exist or belongs to another unit than the viewer's.
    /// </summary>
    [Alias("List")]
    Task<CommandResult<Page<UsageRecordView>>> ListAsync(string workspaceId, Actor viewer, UsageQuery query);
}
