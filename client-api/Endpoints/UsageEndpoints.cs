using System.Globalization;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

/// <summary><c>GET /v1/workspaces/{id}/usage</c>: the workspace's usage log (DATAPLANE.md §4), oldest first.</summary>
public static class UsageEndpoints
{
    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/workspaces/{id}/usage", ListAsync)
            .WithTags("Workspaces").WithName("ListWorkspaceUsage")
            .WithSummary("The workspace's usage records: connections, disconnections and statements on its data server")
            .RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor, RoleNames.Unit)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<PageResponse<UsageRecordResponse>>, ProblemHttpResult>> ListAsync(
        string id, HttpContext http, IClusterClient orleans, string? from, string? to, string? kind, string? limit, string? cursor)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.NotFound($"Workspace '{id}'"), http);
        var errors = new Validator();
        var fromAt = Paging.Instant("from", from, errors);
        var toAt = Paging.Instant("to", to, errors);
        var kinds = Paging.Enum<UsageKind>("kind", kind, errors);
        var size = Paging.Limit(limit, errors);
        long after = 0;
        if (!string.IsNullOrEmpty(cursor) && !(long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after) && after > 0))
        {
            errors.Add("cursor", "is not a cursor of this list");
        }
        if (fromAt is { } f && toAt is { } t && t < f) errors.Add("to", "must not be before from");
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        UsageKind? only = kinds is [var name] ? Enum.GetValues<UsageKind>().First(k => EnumNames.Kebab(k) == name) : null;
        var result = await orleans.GetGrain<IUsageLogGrain>(0)
            .ListAsync(id, http.User.ToActor(), new UsageQuery(fromAt, toAt, only, after, size!.Value));
        if (result.Error is { } error) return Problems.Result(error, http);
        var page = result.Value!;
        return TypedResults.Ok(new PageResponse<UsageRecordResponse>(page.Items.Select(UsageRecordResponse.From).ToList(), page.NextCursor));
    }
}
