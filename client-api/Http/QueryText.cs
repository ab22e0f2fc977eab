using Domains.ClientApi.Errors;
using Domains.GrainInterfaces;

namespace Domains.ClientApi.Http;

/// <summary>
/// Refuses a query string holding U+0000 (<c>%00</c>) with <c>400 validation-failed</c>: query values reach
/// SQL parameters (audit actor, inbox kind, list cursors, the access log), and PostgreSQL text holds no NUL.
/// It runs after authorization, so a caller who may not use the route still hears 401 or 403 first.
/// </summary>
public static class QueryText
{
    public static Task RefuseNulAsync(HttpContext http, RequestDelegate next)
    {
        foreach (var (name, values) in http.Request.Query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                return Problems.Write(http, new DomainError(ErrorCodes.ValidationFailed, "The query is invalid.",
                    Errors: new Dictionary<string, string[]> { [name.Replace("\0", "", StringComparison.Ordinal)] = ["holds U+0000"] }));
            }
        }
        return next(http);
    }
}
