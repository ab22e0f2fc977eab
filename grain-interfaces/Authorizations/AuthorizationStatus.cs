namespace Domains.GrainInterfaces.Authorizations;

/// <summary>Authorization states (DOMAIN.md §3). Persisted numbers: never renumber.</summary>
public enum AuthorizationStatus
{
    Submitted = 1,
    Verified = 2,
    Rejected = 3,
    Withdrawn = 4,
    Approved = 5,
    Announced = 6,
    Filed = 7,
    Active = 8,
    Suspended = 9,
    Expired = 10,
    Terminated = 11,
    Revoked = 12,
    Superseded = 13,
}
