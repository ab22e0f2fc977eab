using System.Globalization;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Inbox;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

public static class InboxEndpoints
{
    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/inbox", ListAsync).WithName("ListInbox").WithSummary("List a recipient's inbox notifications").WithTags("Inbox")
            .RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor, RoleNames.Unit);
        return app;
    }

    private static async Task<Results<Ok<PageResponse<InboxNoticeResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? recipient, string? kind, string? limit, string? cursor)
    {
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        errors.Check(recipient is "supervisors" or "authority" || (recipient?.StartsWith("unit:", StringComparison.Ordinal) == true && recipient.Length > 5),
            "recipient", "must be unit:{uscc}, supervisors or authority");
        long after = 0;
        errors.Check(string.IsNullOrEmpty(cursor) || long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after), "cursor", "is not a cursor of this list");
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        var actor = http.User.ToActor();
        if (actor.Role == Role.Unit && recipient != $"unit:{actor.UnitId}")
        {
            // A unit sees only its own inbox, and learns nothing of others.
            return Problems.Result(DomainError.NotFound($"Inbox '{recipient}'"), http);
        }

        var page = await orleans.GetGrain<IInboxGrain>(0).ListAsync(recipient!, kind, after, size!.Value);
        return TypedResults.Ok(new PageResponse<InboxNoticeResponse>(
            page.Items.Select(n => new InboxNoticeResponse(n.Id, n.Kind, n.Recipient, n.Entity, n.At, n.Subject)).ToList(), page.NextCursor));
    }
}
