using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.ClientApi.OpenApi;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Lists;
using Domains.GrainInterfaces.Notices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

public static class NoticeEndpoints
{
    private static readonly string[] PublishedStates = ["published"];

    public static IEndpointRouteBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/notices").WithTags("Notices");
        group.MapPut("/{id}", PutAsync).WithName("PutNotice").WithSummary("Define or update a draft notice").ProducesProblems(ErrorCodes.InvalidTransition, ErrorCodes.DomainRegionMismatch).RequireRoles(RoleNames.Authority).JsonBody<PutNoticeRequest>();
        group.MapPost("/{id}/publish", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync<EmptyBody>(id, http, orleans, (grain, _, context) => grain.PublishAsync(context)))
            .WithName("PublishNotice").WithSummary("Publish a notice").RequireRoles(RoleNames.Authority).JsonBody<EmptyBody>();
        group.MapPost("/{id}/withdraw", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync<OptionalReasonRequest>(id, http, orleans, (grain, _, context) => grain.WithdrawAsync(context)))
            .WithName("WithdrawNotice").WithSummary("Withdraw a notice").RequireRoles(RoleNames.Authority).JsonBody<OptionalReasonRequest>();
        group.MapGet("/", ListAsync).WithName("ListNotices").WithSummary("List notices, newest first").RequireAnyRole();
        group.MapGet("/{id}", GetAsync).WithName("GetNotice").WithSummary("Read a notice").RequireAnyRole();

        app.MapGet("/v1/public/notices", ListPublishedAsync).WithName("ListPublishedNotices").WithSummary("List published notices (public)").WithTags("Notices").AllowAnonymous();
        return app;
    }

    private static async Task<Results<Created<NoticeResponse>, Ok<NoticeResponse>, ProblemHttpResult>> PutAsync(
        string id, HttpContext http, IClusterClient orleans)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.Validation("id", "is not a valid notice id"), http);
        var (request, problem) = await CommandRequest.ReadAsync<PutNoticeRequest>(http);
        if (problem is not null) return problem;

        var result = await orleans.GetGrain<INoticeGrain>(id).DefineAsync(request!.Body.ToDefinition(), request.Context);
        return Respond.Command(http, result, NoticeResponse.From, v => v.Version, v => $"/v1/notices/{v.Id}");
    }

    private static Task<Results<Created<NoticeResponse>, Ok<NoticeResponse>, ProblemHttpResult>> CommandAsync<TBody>(
        string id, HttpContext http, IClusterClient orleans,
        Func<INoticeGrain, TBody, CommandContext, Task<CommandResult<NoticeView>>> command)
        where TBody : class, IRequestBody =>
        GrainCommand.RunAsync(id, "Notice", http, orleans, command, NoticeResponse.From, v => v.Version);

    private static async Task<Results<Ok<PageResponse<NoticeResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? state, string? domainId, string? limit, string? cursor)
    {
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var states = Paging.Enum<NoticeStatus>("state", state, errors);
        var domain = Paging.Id("domainId", domainId, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        return await ResourceLists.PageAsync<NoticeView, NoticeResponse>(http, orleans,
            new ResourceQuery(EntityTypes.Notice, States: states, AfterId: after, Limit: size!.Value,
                BodyContains: domain is null ? null : ResourceLists.Contains(("definition", new System.Text.Json.Nodes.JsonObject { ["domainId"] = domain }))),
            NoticeResponse.From);
    }

    private static async Task<Results<Ok<NoticeResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var view = Ids.IsValidChosenId(id) ? await orleans.GetGrain<INoticeGrain>(id).GetAsync() : null;
        return Respond.Read(http, view, $"Notice '{id}'", NoticeResponse.From, v => v.Version);
    }

    private static async Task<Results<Ok<PageResponse<PublicNoticeResponse>>, ProblemHttpResult>> ListPublishedAsync(
        HttpContext http, IClusterClient orleans, string? limit, string? cursor)
    {
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        var page = await orleans.GetGrain<IResourceListGrain>(0).ListAsync(new ResourceQuery(
            EntityTypes.Notice, States: PublishedStates, PublishedOnly: true,
            AfterId: after, Limit: size!.Value));
        var items = page.Items.Select(json => PublicNoticeResponse.From(ViewJson.Deserialize<NoticeView>(json))).ToList();
        return TypedResults.Ok(new PageResponse<PublicNoticeResponse>(items, page.NextCursor));
    }
}
