using Domains.GrainInterfaces.Deadlines;

namespace Domains.GrainInterfaces.Notices;

/// <summary>A notice (call for applications; key: its chosen id).</summary>
[Alias("domains.INoticeGrain")]
public interface INoticeGrain : IDeadlineTarget
{
    /// <summary>Creates the notice as a draft (<c>Created</c>) or redefines a draft.</summary>
    [Alias("Define")]
    Task<CommandResult<NoticeView>> DefineAsync(NoticeDefinition definition, CommandContext context);

    [Alias("Publish")]
    Task<CommandResult<NoticeView>> PublishAsync(CommandContext context);

    [Alias("Withdraw")]
    Task<CommandResult<NoticeView>> WithdrawAsync(CommandContext context);

    [Alias("Get")]
    Task<NoticeView?> GetAsync();

    /// <summary>
    /// R6: takes one approved slot for the authorization. The notice is the single writer of its count:
    /// idempotent for an authorization that already holds a slot, <c>quota-exhausted</c> when none is left.
    /// </summary>
    [Alias("ReserveQuota")]
    Task<DomainError?> ReserveQuotaAsync(string authorizationId);

    /// <summary>
    /// Gives back the slot <see cref="ReserveQuotaAsync"/> took for an approval that was refused or not saved;
    /// idempotent, and a no-op for an authorization holding no slot.
    /// </summary>
    [Alias("ReleaseQuota")]
    Task ReleaseQuotaAsync(string authorizationId);
}
