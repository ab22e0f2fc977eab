using System.Diagnostics;
using Domains.GrainInterfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Domains.ClientApi.Errors;

/// <summary>Builds RFC 9457 problem+json bodies with <c>code</c> and <c>traceId</c> from a <see cref="DomainError"/>.</summary>
public static class Problems
{
    public static ProblemHttpResult Result(DomainError error, HttpContext http) => TypedResults.Problem(Details(error, http));

    public static Task Write(HttpContext http, DomainError error, TimeSpan? retryAfter = null)
    {
        var details = Details(error, http);
        http.Response.StatusCode = details.Status!.Value;
        if (retryAfter is { } delay)
        {
            http.Response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return http.Response.WriteAsJsonAsync(details, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    public static ProblemDetails Details(DomainError error, HttpContext http)
    {
        var (status, title) = ProblemMapping.For(error.Code);
        var details = new ProblemDetails { Status = status, Title = title, Detail = error.Detail };
        details.Extensions["code"] = error.Code;
        details.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        if (error.Unmet is { } unmet) details.Extensions["unmet"] = unmet;
        if (error.Errors is { } errors) details.Extensions["errors"] = errors;
        return details;
    }
}
