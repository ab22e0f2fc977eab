using Domains.GrainInterfaces.Authorizations;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Authorizations.AuthorizationCommand;
using static Domains.GrainInterfaces.Authorizations.AuthorizationStatus;

namespace Domains.Grains.Authorizations;

/// <summary>
/// The authorization table (DOMAIN.md §3). <see cref="Apply"/> creates in <see cref="Submitted"/>
/// outside the table. Corrections, reports and the overdue mark keep the state (rows to the same
/// state: they are audited). Guards the table cannot express — quota, pilot filing, term length, the
/// domain — are the grain's.
/// </summary>
public static class AuthorizationLifecycle
{
    public static readonly LifecycleTable<AuthorizationStatus, AuthorizationCommand> Table = new(
        allowed: new Dictionary<(AuthorizationStatus, AuthorizationCommand), AuthorizationStatus>
        {
            [(Submitted, VerifyPass)] = Verified,
            [(Submitted, VerifyFail)] = Rejected,
            [(Verified, Approve)] = Approved,
            [(Verified, Reject)] = Rejected,
            [(Submitted, Withdraw)] = Withdrawn,
            [(Verified, Withdraw)] = Withdrawn,
            [(Approved, Announce)] = Announced,
            [(Announced, AuthorizationCommand.File)] = Filed,
            [(Announced, Activate)] = Active,
            [(Filed, Activate)] = Active,
            [(Active, Suspend)] = Suspended,
            [(Suspended, Reinstate)] = Active,
            [(Active, Expire)] = Expired,
            [(Suspended, Expire)] = Expired,
            [(Active, Terminate)] = Terminated,
            [(Suspended, Terminate)] = Terminated,
            [(Active, Revoke)] = Revoked,
            [(Suspended, Revoke)] = Revoked,
            [(Active, Supersede)] = Superseded,
            [(Suspended, SubmitCorrection)] = Suspended,
            [(Suspended, MarkCorrectionOverdue)] = Suspended,
            [(Active, SubmitReport)] = Active,
            [(Suspended, SubmitReport)] = Suspended,
        },
        ignored:
        [
            // The renewal's outbox may deliver its supersede call twice.
            (Superseded, Supersede),
        ]);

    /// <summary>States after which nothing is live: access closed, the notice free for a new application.</summary>
    public static readonly IReadOnlySet<AuthorizationStatus> Ended =
        new HashSet<AuthorizationStatus> { Rejected, Withdrawn, Expired, Terminated, Revoked, Superseded };

    public static Decision<AuthorizationStatus> Decide(AuthorizationStatus from, AuthorizationCommand command) => Table.Decide(from, command);
}
