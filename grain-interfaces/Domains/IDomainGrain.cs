using Domains.GrainInterfaces.Deadlines;

namespace Domains.GrainInterfaces.Domains;

/// <summary>An operation domain (key: its chosen id).</summary>
[Alias("domains.IDomainGrain")]
public interface IDomainGrain : IDeadlineTarget
{
    /// <summary>Creates the domain (<c>Created</c> = true) or updates its registered facts.</summary>
    [Alias("Register")]
    Task<CommandResult<DomainView>> RegisterAsync(DomainDefinition definition, CommandContext context);

    [Alias("ReportBuilt")]
    Task<CommandResult<DomainView>> ReportBuiltAsync(CommandContext context);

    [Alias("Accept")]
    Task<CommandResult<DomainView>> AcceptAsync(string inspectionRef, CommandContext context);

    [Alias("Suspend")]
    Task<CommandResult<DomainView>> SuspendAsync(CommandContext context);

    [Alias("Resume")]
    Task<CommandResult<DomainView>> ResumeAsync(CommandContext context);

    [Alias("Retire")]
    Task<CommandResult<DomainView>> RetireAsync(CommandContext context);

    /// <summary>
    /// Whether workspaces in it may be accessed, for the status replica of silo <paramref name="watcher"/>:
    /// the domain publishes every later change to that silo before it acknowledges the change.
    /// </summary>
    [Alias("WatchStatus"), Orleans.Concurrency.ReadOnly]
    Task<DomainStatusStamp> WatchStatusAsync(SiloAddress watcher);

    /// <summary>
    /// Claims the view name of <paramref name="datasetId"/> (<see cref="Datasets.DatasetKeys.ViewName"/>) in this domain's
    /// catalogue; answers the id of the other dataset that has it, or <c>null</c> when it is this one's.
    /// </summary>
    [Alias("ClaimDatasetView")]
    Task<string?> ClaimDatasetViewAsync(string datasetId);

    /// <summary>Gives back a claim whose registration was refused after all.</summary>
    [Alias("ReleaseDatasetView")]
    Task ReleaseDatasetViewAsync(string datasetId);

    /// <summary>The domain, or <c>null</c> when it was never registered.</summary>
    [Alias("Get")]
    Task<DomainView?> GetAsync();
}
