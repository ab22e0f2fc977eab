using Domains.GrainInterfaces.Authorizations;
using Domains.Grains.Authorizations;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Authorizations.AuthorizationCommand;
using static Domains.GrainInterfaces.Authorizations.AuthorizationStatus;

namespace Domains.Tests.Lifecycle;

/// <summary>The authorization table of DOMAIN.md §3, written out again here and checked pair by pair.</summary>
public sealed class AuthorizationLifecycleTests
{
    private static readonly Dictionary<(AuthorizationStatus, AuthorizationCommand), AuthorizationStatus> Expected = new()
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
    };

    private static readonly HashSet<(AuthorizationStatus, AuthorizationCommand)> ExpectedIgnored = [(Superseded, Supersede)];

    public static TheoryData<AuthorizationStatus, AuthorizationCommand> AllPairs() => SpecTable.AllPairs<AuthorizationStatus, AuthorizationCommand>(Apply);

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Decide_EveryStateAndCommand_MatchesTheSpecTable(AuthorizationStatus from, AuthorizationCommand command)
    {
        SpecTable.AssertMatches(AuthorizationLifecycle.Decide(from, command), Expected, ExpectedIgnored, from, command);
    }

    [Theory]
    [InlineData(Rejected)]
    [InlineData(Withdrawn)]
    [InlineData(Expired)]
    [InlineData(Terminated)]
    [InlineData(Revoked)]
    [InlineData(Superseded)]
    public void EndedStates_HaveNoRowOut(AuthorizationStatus ended)
    {
        Assert.Contains(ended, AuthorizationLifecycle.Ended);
        Assert.DoesNotContain(AuthorizationLifecycle.Table.Allowed.Keys, k => k.Item1 == ended);
    }
}
