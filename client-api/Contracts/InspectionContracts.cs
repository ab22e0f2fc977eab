using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Units;

namespace Domains.ClientApi.Contracts;

/// <summary>
/// <c>POST /v1/units/{uscc}/inspections</c> (R14). A breach finding may carry a suspension of one of the
/// unit's authorizations (<c>suspend: {reason?, correctionDue?}</c>), decided in the same request (R10).
/// </summary>
public sealed record InspectionRequest(
    string? Scope, string? Findings, bool? Breach, string? AuthorizationId, SuspendRequest? Suspend) : IRequestBody
{
    public void Validate(Validator v)
    {
        v.Required("scope", Scope, 500).Required("findings", Findings).Required("breach", Breach)
            .Check(AuthorizationId is null || Ids.IsValidChosenId(AuthorizationId), "authorizationId", "is not an authorization id");
        v.Check(Suspend is null || Breach == true, "suspend", "only a breach finding carries a suspension");
        v.Check(Suspend is null || AuthorizationId is not null, "authorizationId", "names the authorization to suspend");
        v.Check(Suspend?.CorrectionDue is null || Suspend.ToDue() is not null, "suspend.correctionDue", "is neither an RFC 3339 instant nor an ISO 8601 duration");
        // The reason becomes the suspension's audit reason: bounded like every other text.
        v.Optional("suspend.reason", Suspend?.Reason);
    }

    public string? AuditReason => Findings;
}

public sealed record InspectionResponse(
    string Id, string UnitId, string Scope, string Findings, bool Breach, string? AuthorizationId, DateTimeOffset At, string Inspector,
    AuthorizationStatus? AuthorizationState)
{
    public static InspectionResponse From(string unitId, Inspection i, AuthorizationStatus? state) =>
        new(i.Id, unitId, i.Scope, i.Findings, i.Breach, i.AuthorizationId, i.At, i.Inspector, state);
}
