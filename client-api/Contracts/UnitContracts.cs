using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Units;

namespace Domains.ClientApi.Contracts;

public sealed record PrincipalBody(string? Name, string? Title);

public sealed record SecurityOfficerBody(string? Name, string? Department);

public sealed record IncidentBody(DateTimeOffset? OccurredAt, string? Summary)
{
    public void Validate(Validator v, string prefix) => v
        .Required($"{prefix}occurredAt", OccurredAt)
        .Required($"{prefix}summary", Summary);

    public Incident ToIncident() => new(OccurredAt!.Value, Summary!.Trim());
}

/// <summary>
/// <c>PUT /v1/units/{uscc}</c>. A unit may be registered before it names its data security officer:
/// it is then not qualified (<c>security-officer</c>) rather than refused.
/// </summary>
public sealed record ContactBody(string? Name, string? Email);

public sealed record PutUnitRequest(string? Name, PrincipalBody? Principal, SecurityOfficerBody? SecurityOfficer, IReadOnlyList<ContactBody?>? Contacts = null) : IRequestBody
{
    public const int MaxContacts = 20;

    public void Validate(Validator v)
    {
        v.Required("name", Name, 200);
        v.Check(Principal is not null, "principal", "is required");
        v.Required("principal.name", Principal?.Name, 200).Required("principal.title", Principal?.Title, 200);
        if (SecurityOfficer is not null)
        {
            v.Required("securityOfficer.name", SecurityOfficer.Name, 200).Required("securityOfficer.department", SecurityOfficer.Department, 200);
        }
        v.Check((Contacts?.Count ?? 0) <= MaxContacts, "contacts", $"has more than {MaxContacts} entries");
        for (var i = 0; i < Math.Min(Contacts?.Count ?? 0, MaxContacts); i++)
        {
            if (Contacts![i] is not { } contact)
            {
                v.Add($"contacts[{i}]", "is required");
                continue;
            }
            v.Required($"contacts[{i}].name", contact.Name, 200)
                .Check(UnitContact.IsValidEmail(contact.Email), $"contacts[{i}].email", "must be one email address (local@domain)");
        }
    }

    public UnitDetails ToDetails() => new(
        Name!.Trim(),
        new Principal(Principal!.Name!.Trim(), Principal.Title!.Trim()),
        new SecurityOfficer(SecurityOfficer?.Name?.Trim() ?? "", SecurityOfficer?.Department?.Trim() ?? ""),
        (Contacts ?? []).Select(c => new UnitContact(c!.Name!.Trim(), c.Email!)).ToList());
}

/// <summary><c>PUT /v1/units/{uscc}/security-profile</c>: the conditions of R1; <c>incidents</c> may be left out.</summary>
public sealed record PutSecurityProfileRequest(
    BusinessStanding? BusinessStanding,
    CreditStanding? Credit,
    bool? SecurityManagementSystem,
    bool? MlpsLevel3,
    bool? CryptoAssessment,
    int? DataManagementMaturity,
    IReadOnlyList<IncidentBody?>? Incidents) : IRequestBody
{
    public const int MaxIncidents = 200;

    public void Validate(Validator v)
    {
        v.Required("businessStanding", BusinessStanding)
            .Required("credit", Credit)
            .Required("securityManagementSystem", SecurityManagementSystem)
            .Required("mlpsLevel3", MlpsLevel3)
            .Required("cryptoAssessment", CryptoAssessment)
            .Required("dataManagementMaturity", DataManagementMaturity)
            .Check(DataManagementMaturity is null or (>= 1 and <= 5), "dataManagementMaturity", "must be from 1 to 5")
            .Check((Incidents?.Count ?? 0) <= MaxIncidents, "incidents", $"has more than {MaxIncidents} entries");
        for (var i = 0; i < (Incidents?.Count ?? 0); i++)
        {
            if (Incidents![i] is { } incident) incident.Validate(v, $"incidents[{i}].");
            else v.Add($"incidents[{i}]", "is required");
        }
    }

    public SecurityProfile ToProfile() => new(
        BusinessStanding!.Value, Credit!.Value, SecurityManagementSystem!.Value, MlpsLevel3!.Value, CryptoAssessment!.Value,
        DataManagementMaturity!.Value, (Incidents ?? []).Select(i => i!.ToIncident()).ToList());
}

/// <summary><c>POST /v1/units/{uscc}/incidents</c> (R17); the summary is the audit reason.</summary>
public sealed record ReportIncidentRequest(DateTimeOffset? OccurredAt, string? Summary) : IRequestBody
{
    public void Validate(Validator v) => new IncidentBody(OccurredAt, Summary).Validate(v, "");

    public string? AuditReason => Summary;

    public Incident ToIncident() => new IncidentBody(OccurredAt, Summary).ToIncident();
}

public sealed record PrincipalResponse(string Name, string Title);

public sealed record SecurityOfficerResponse(string Name, string Department);

public sealed record ContactResponse(string Name, string Email);

public sealed record IncidentResponse(DateTimeOffset OccurredAt, string Summary)
{
    public static IncidentResponse From(Incident i) => new(i.OccurredAt, i.Summary);
}

public sealed record SecurityProfileResponse(
    BusinessStanding BusinessStanding,
    CreditStanding Credit,
    bool SecurityManagementSystem,
    bool MlpsLevel3,
    bool CryptoAssessment,
    int DataManagementMaturity,
    IReadOnlyList<IncidentResponse> Incidents)
{
    public static SecurityProfileResponse From(SecurityProfile p) => new(
        p.BusinessStanding, p.Credit, p.SecurityManagementSystem, p.MlpsLevel3, p.CryptoAssessment, p.DataManagementMaturity,
        p.Incidents.Select(IncidentResponse.From).ToList());
}

public sealed record QualificationResponse(bool Qualified, IReadOnlyList<string> Unmet);

/// <summary>
/// An operating unit; <c>id</c> is its USCC. <c>incidents</c> are those reported since registration; the
/// declared ones are in <c>securityProfile.incidents</c>. <c>securityOfficer</c> is null until named.
/// </summary>
public sealed record UnitResponse(
    string Id,
    UnitStatus State,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Name,
    PrincipalResponse Principal,
    SecurityOfficerResponse? SecurityOfficer,
    SecurityProfileResponse? SecurityProfile,
    IReadOnlyList<IncidentResponse> Incidents,
    QualificationResponse Qualification,
    IReadOnlyList<InspectionResponse> Inspections,
    IReadOnlyList<ContactResponse> Contacts)
{
    public static UnitResponse From(UnitView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.Details.Name,
        new PrincipalResponse(v.Details.Principal.Name, v.Details.Principal.Title),
        v.Details.SecurityOfficer is { Name.Length: > 0 } officer ? new SecurityOfficerResponse(officer.Name, officer.Department) : null,
        v.SecurityProfile is { } profile ? SecurityProfileResponse.From(profile) : null,
        v.Incidents.Select(IncidentResponse.From).ToList(),
        new QualificationResponse(v.Qualification.Qualified, v.Qualification.Unmet),
        (v.Inspections ?? []).Select(i => InspectionResponse.From(v.Id, i, null)).ToList(),
        (v.Details.Contacts ?? []).Select(c => new ContactResponse(c.Name, c.Email)).ToList());
}
