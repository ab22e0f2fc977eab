using Domains.GrainInterfaces.Deadlines;
using Orleans.Concurrency;

namespace Domains.GrainInterfaces.Workspaces;

/// <summary>The workspace of one authorization (key: the authorization id).</summary>
[Alias("domains.IWorkspaceGrain")]
public interface IWorkspaceGrain : IDeadlineTarget
{
    /// <summary>
    /// Applies the authorization's current state: activation opens (provisions) the workspace, suspension
    /// closes access, reinstatement reopens it, an end closes it and deletes its data, a renewal's
    /// activation hands it over. Ignores a snapshot older than the last one applied. Returns once access
    /// decisions follow the snapshot.
    /// </summary>
    [Alias("Sync")]
    Task SyncAsync(AuthorizationAccess access);

    /// <summary>The <c>provisioned</c> callback of platform automation.</summary>
    [Alias("ConfirmProvisioned")]
    Task<CommandResult<WorkspaceView>> ConfirmProvisionedAsync(string resourcesJson, CommandContext context);

    /// <summary>The <c>data-deleted</c> callback.</summary>
    [Alias("ConfirmDeletion")]
    Task<CommandResult<WorkspaceView>> ConfirmDeletionAsync(DeletionCertificateView certificate, CommandContext context);

    /// <summary>The <c>logs-purged</c> callback.</summary>
    [Alias("ConfirmLogsPurged")]
    Task<CommandResult<WorkspaceView>> ConfirmLogsPurgedAsync(CommandContext context);

    /// <summary>After <c>provisioning-failed</c>: provision again.</summary>
    [Alias("RetryProvisioning")]
    Task<CommandResult<WorkspaceView>> RetryProvisioningAsync(CommandContext context);

    /// <summary>Gives this workspace's resources to the renewal's; <c>null</c> when there is nothing live to hand over.</summary>
    [Alias("HandOver")]
    Task<WorkspaceHandover?> HandOverAsync(string renewalId);

    /// <summary>Decides one access from memory (R12); every decision is logged for the workspace.</summary>
    [Alias("DecideAccess"), ReadOnly]
    Task<AccessDecision> DecideAccessAsync(string unitId, string datasetId);

    /// <summary>
    /// The workspace's domain was suspended (after its statement closed every login of the domain) or resumed: the
    /// workspace applies its own login target on the data server again, and its <c>enforcement</c> follows.
    /// </summary>
    [Alias("DomainStatusChanged")]
    Task DomainStatusChangedAsync();

    /// <summary>
    /// The catalogue entry <paramref name="datasetId"/> of its domain changed (its table or sensitive columns): a live
    /// workspace authorized for it makes its views again from the catalogue before this returns.
    /// </summary>
    [Alias("RefreshDataset")]
    Task RefreshDatasetAsync(string datasetId);

    [Alias("Get")]
    Task<WorkspaceView?> GetAsync(Actor viewer);

    /// <summary>Sets and returns a fresh password of the workspace's login (owning unit only, workspace active).</summary>
    [Alias("IssueCredentials")]
    Task<CommandResult<WorkspaceCredentials>> IssueCredentialsAsync(CommandContext context);
}
