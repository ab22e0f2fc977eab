using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Domains;

namespace Domains.ClientApi.Contracts;

public sealed record PutDomainRequest(string? Name, DomainLevel? Level, string? RegionCode, string? StandardVersion) : IRequestBody
{
    public void Validate(Validator v) => v
        .Required("name", Name, 200)
        .Required("level", Level)
        .Required("regionCode", RegionCode, 32)
        .Required("standardVersion", StandardVersion, 64);

    public DomainDefinition ToDefinition() => new(Name!.Trim(), Level!.Value, RegionCode!.Trim(), StandardVersion!.Trim());
}

public sealed record AcceptDomainRequest(string? InspectionRef) : IRequestBody
{
    public void Validate(Validator v) => v.Required("inspectionRef", InspectionRef, 200);

    public string? AuditReason => $"inspection {InspectionRef}";
}

public sealed record ReasonRequest(string? Reason) : IRequestBody
{
    public void Validate(Validator v) => v.Required("reason", Reason);

    public string? AuditReason => Reason;
}

public sealed record DomainSuspensionResponse(string Reason, DateTimeOffset SuspendedAt, string SuspendedBy);

public sealed record DomainResponse(
    string Id,
    DomainStatus State,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Name,
    DomainLevel Level,
    string RegionCode,
    string StandardVersion,
    DateTimeOffset? BuiltAt,
    string? InspectionRef,
    DateTimeOffset? AcceptedAt,
    DomainSuspensionResponse? Suspension)
{
    public static DomainResponse From(DomainView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.Definition.Name, v.Definition.Level,
        v.Definition.RegionCode, v.Definition.StandardVersion, v.BuiltAt, v.InspectionRef, v.AcceptedAt,
        v.Suspension is { } s ? new DomainSuspensionResponse(s.Reason, s.SuspendedAt, s.SuspendedBy) : null);
}
