using Domains.GrainInterfaces.Deadlines;

namespace Domains.GrainInterfaces.Authorizations;

/// <summary>An authorization (key: a server id). Reasons and notes travel in <see cref="CommandContext.Reason"/>.</summary>
[Alias("domains.IAuthorizationGrain")]
public interface IAuthorizationGrain : IDeadlineTarget
{
    /// <summary>Creates the authorization in <c>submitted</c> after R1, R3, R4 and the notice window are checked.</summary>
    [Alias("Apply")]
    Task<CommandResult<AuthorizationView>> ApplyAsync(Application application, CommandContext context);

    [Alias("Verify")]
    Task<CommandResult<AuthorizationView>> VerifyAsync(bool pass, CommandContext context);

    [Alias("Approve")]
    Task<CommandResult<AuthorizationView>> ApproveAsync(CommandContext context);

    [Alias("Reject")]
    Task<CommandResult<AuthorizationView>> RejectAsync(CommandContext context);

    [Alias("Withdraw")]
    Task<CommandResult<AuthorizationView>> WithdrawAsync(CommandContext context);

    [Alias("Announce")]
    Task<CommandResult<AuthorizationView>> AnnounceAsync(CommandContext context);

    [Alias("File")]
    Task<CommandResult<AuthorizationView>> FileAsync(string filingRef, CommandContext context);

    [Alias("Activate")]
    Task<CommandResult<AuthorizationView>> ActivateAsync(Term term, CommandContext context);

    /// <summary>R10: suspends access at once (before answering); orders a correction by <paramref name="correctionDue"/> (default P30D).</summary>
    [Alias("Suspend")]
    Task<CommandResult<AuthorizationView>> SuspendAsync(Due correctionDue, CommandContext context);

    [Alias("SubmitCorrection")]
    Task<CommandResult<AuthorizationView>> SubmitCorrectionAsync(string summary, CommandContext context);

    [Alias("Reinstate")]
    Task<CommandResult<AuthorizationView>> ReinstateAsync(CommandContext context);

    [Alias("Terminate")]
    Task<CommandResult<AuthorizationView>> TerminateAsync(CommandContext context);

    [Alias("Revoke")]
    Task<CommandResult<AuthorizationView>> RevokeAsync(CommandContext context);

    [Alias("SubmitReport")]
    Task<CommandResult<AuthorizationView>> SubmitReportAsync(int period, string summary, CommandContext context);

    /// <summary>Its renewal activated: <c>active → superseded</c>. Repeats are no-ops.</summary>
    [Alias("Supersede")]
    Task SupersedeAsync(string renewalId);

    /// <summary>
    /// The authorization as <paramref name="viewer"/> may see it; <c>null</c> if unknown or another unit's.
    /// Interleaves: grains this one calls from its outbox (products, workspaces) may ask it back without deadlock.
    /// </summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<AuthorizationView?> GetAsync(Actor viewer);
}
