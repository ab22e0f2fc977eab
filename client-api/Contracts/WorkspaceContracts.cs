using System.Text.Json;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Workspaces;

namespace Domains.ClientApi.Contracts;

public sealed record CertificateBody(string? ManifestSha256, DateTimeOffset? DeletedAt, string? Operator);

public sealed record ProvisionedRequest(JsonElement? Resources) : IRequestBody
{
    public void Validate(Validator v) =>
        v.Check(Resources is { ValueKind: JsonValueKind.Object }, "resources", "must be an object");

    public string? AuditReason => "automation confirmed provisioning";
}

public sealed record DataDeletedRequest(CertificateBody? Certificate) : IRequestBody
{
    public void Validate(Validator v)
    {
        v.Check(Certificate is not null, "certificate", "is required");
        if (Certificate is null) return;
        v.Check(Certificate.ManifestSha256 is { Length: 64 } hash && hash.All(Uri.IsHexDigit), "certificate.manifestSha256", "must be 64 hex digits");
        v.Required("certificate.deletedAt", Certificate.DeletedAt).Required("certificate.operator", Certificate.Operator, 200);
    }

    public string? AuditReason => $"automation confirmed deletion (manifest {Certificate?.ManifestSha256})";

    public DeletionCertificateView ToCertificate() =>
        new(Certificate!.ManifestSha256!.ToLowerInvariant(), Certificate.DeletedAt!.Value, Certificate.Operator!, null);
}

public sealed record DeletionResponse(DateTimeOffset RequestedAt, DateTimeOffset? ConfirmedAt, CertificateResponse? Certificate);

public sealed record CertificateResponse(string ManifestSha256, DateTimeOffset DeletedAt, string Operator, JsonElement? Manifest);

public sealed record WorkspaceResponse(
    string Id, WorkspaceStatus State, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool AccessOpen,
    string DomainId, string UnitId, DateTimeOffset? ProvisionedAt, DateTimeOffset? ClosedAt, DeletionResponse? Deletion,
    DateTimeOffset? LogRetentionUntil, DateTimeOffset? LogsPurgedAt, Enforcement Enforcement, string Driver,
    JsonElement? Resources, string? HandedOverTo, string? HandedOverFrom, WorkspaceConnectionResponse? Connection)
{
    public static WorkspaceResponse From(WorkspaceView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.AccessOpen, v.DomainId, v.UnitId, v.ProvisionedAt, v.ClosedAt,
        v.Deletion is { } d
            ? new DeletionResponse(d.RequestedAt, d.ConfirmedAt, d.Certificate is { } c
                ? new CertificateResponse(c.ManifestSha256, c.DeletedAt, c.Operator, Parse(c.Manifest))
                : null)
            : null,
        v.LogRetentionUntil, v.LogsPurgedAt, v.Enforcement, v.Driver, Parse(v.ResourcesJson), v.HandedOverTo, v.HandedOverFrom,
        WorkspaceConnection.Parse(v.ResourcesJson) is { } w ? new WorkspaceConnectionResponse(w.Host, w.Port, w.Database, w.Username, w.Schema, w.DatasetSchema) : null);

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

public sealed record AccessResponse(bool Allowed, AccessReason Reason);

/// <summary>Where the workspace is reached; never a password (API.md "Data plane").</summary>
public sealed record WorkspaceConnectionResponse(string Host, int Port, string Database, string Username, string Schema, string DatasetSchema);

/// <summary><c>POST /v1/workspaces/{id}/credentials</c>: the connection and a fresh password, for the owning unit alone.</summary>
public sealed record CredentialsResponse(string Host, int Port, string Database, string Username, string Schema, string DatasetSchema, string Password)
{
    public static CredentialsResponse From(WorkspaceCredentials c) => new(c.Host, c.Port, c.Database, c.Username, c.Schema, c.DatasetSchema, c.Password);

    public override string ToString() => $"CredentialsResponse {{ Username = {Username} }}";
}
