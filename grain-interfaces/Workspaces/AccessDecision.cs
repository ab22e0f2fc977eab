namespace Domains.GrainInterfaces.Workspaces;

/// <summary>The reasons of <c>GET /v1/access</c> (API.md). Persisted numbers: never renumber.</summary>
public enum AccessReason
{
    Allowed = 1,
    UnknownWorkspace = 2,
    UnitMismatch = 3,
    WorkspaceNotActive = 4,
    AuthorizationSuspended = 5,
    AuthorizationEnded = 6,
    OutsideTerm = 7,
    DomainNotOperational = 8,
    DatasetNotAuthorized = 9,
}

[GenerateSerializer, Immutable, Alias("domains.AccessDecision")]
public sealed record AccessDecision([property: Id(0)] bool Allowed, [property: Id(1)] AccessReason Reason);
