namespace Domains.ClientApi.Http;

/// <summary>An HTTP request body: validates itself and names the reason the audit log records, if any.</summary>
public interface IRequestBody
{
    void Validate(Validator v);

    string? AuditReason => null;
}
