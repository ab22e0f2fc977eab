using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Deadlines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

/// <summary>The deadline calendar (DOMAIN.md §4): every pending deadline of the index, in due order.</summary>
public static class DeadlineEndpoints
{
    public static IEndpointRouteBuilder MapDeadlineEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/deadlines", ListAsync).WithName("ListDeadlines").WithSummary("List pending deadlines due before an instant").WithTags("Deadlines")
            .RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor);
        return app;
    }

    private static async Task<Results<Ok<PageResponse<DeadlineResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? before, string? kind, string? entity, string? limit, string? cursor)
    {
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var beforeAt = Paging.Instant("before", before, errors);
        EntityRef? target = null;
        errors.Check(entity is null || EntityRef.TryParse(entity, out target), "entity", "must be {type}/{id}");
        errors.Check(DeadlineCursor.TryParse(cursor, out _), "cursor", "is not a cursor of this list");
        errors.Optional("kind", kind, 64);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        var page = await orleans.GetGrain<IDeadlineIndexGrain>(0).ListAsync(new DeadlineQuery(beforeAt, kind, target, cursor, size!.Value));
        return TypedResults.Ok(new PageResponse<DeadlineResponse>(
            page.Items.Select(d => new DeadlineResponse(d.Entity, d.Kind, d.DueAt)).ToList(), page.NextCursor));
    }
}
