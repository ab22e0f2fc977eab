namespace Domains.GrainInterfaces.Datasets;

/// <summary>One entry of a domain's catalogue; key <see cref="Key"/>(domainId, datasetId).</summary>
[Alias("domains.IDatasetGrain")]
public interface IDatasetGrain : IGrainWithStringKey
{
    /// <summary>Registers (<c>Created</c>) or updates the entry; refused with <c>dataset-table-missing</c> when the data server lacks the table or a column.</summary>
    [Alias("Register")]
    Task<CommandResult<DatasetView>> RegisterAsync(DatasetDefinition definition, CommandContext context);

    /// <summary>
    /// The entry as last decided. Interleaves with a registration: the workspaces a changed entry refreshes read it back
    /// (through the driver) while the registration waits for them; its state changes in one synchronous step.
    /// </summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<DatasetView?> GetAsync();
}
