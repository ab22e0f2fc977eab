namespace Domains.GrainInterfaces.Authorizations;

/// <summary>Commands and deadlines on an authorization. Persisted numbers: never renumber.</summary>
public enum AuthorizationCommand
{
    Apply = 1,
    VerifyPass = 2,
    VerifyFail = 3,
    Approve = 4,
    Reject = 5,
    Withdraw = 6,
    Announce = 7,
    File = 8,
    Activate = 9,
    Suspend = 10,
    Reinstate = 11,
    Expire = 12,
    Terminate = 13,
    Revoke = 14,
    Supersede = 15,
    SubmitCorrection = 16,
    SubmitReport = 17,
    MarkCorrectionOverdue = 18,
}
