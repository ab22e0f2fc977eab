using System.Security.Cryptography;
using System.Text;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.ClientApi.OpenApi;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Lists;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

public static class AuthorizationEndpoints
{
    private delegate Task<CommandResult<AuthorizationView>> Command<in TBody>(IAuthorizationGrain grain, TBody body, CommandContext context);

    public static IEndpointRouteBuilder MapAuthorizationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/authorizations").WithTags("Authorizations");
        group.MapPost("/", ApplyAsync).WithName("SubmitApplication").WithSummary("Submit an application for authorization").ProducesProblems(ErrorCodes.InvalidUscc, ErrorCodes.NoticeNotOpen, ErrorCodes.UnitNotQualified, ErrorCodes.MaterialMissing, ErrorCodes.MaterialOutdated, ErrorCodes.TermTooLong, ErrorCodes.DatasetsRequired, ErrorCodes.DuplicateApplication, ErrorCodes.NotFound).RequireRoles(RoleNames.Unit, RoleNames.Authority).JsonBody<ApplyRequest>();
        group.MapGet("/", ListAsync).WithName("ListAuthorizations").WithSummary("List authorizations, newest first").RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor, RoleNames.Unit);
        group.MapGet("/{id}", GetAsync).WithName("GetAuthorization").WithSummary("Read an authorization").RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor, RoleNames.Unit);

        MapCommand<VerifyRequest>(group, "verify", "VerifyAuthorization", "Record the verification of an application", [RoleNames.Authority], (g, b, c) => g.VerifyAsync(b.Outcome == VerifyOutcome.Pass, c));
        MapCommand<NoteRequest>(group, "approve", "ApproveAuthorization", "Approve a verified application", [RoleNames.Authority], (g, _, c) => g.ApproveAsync(c), problems: [ErrorCodes.QuotaExhausted]);
        MapCommand<ReasonRequest>(group, "reject", "RejectAuthorization", "Reject an application", [RoleNames.Authority], (g, _, c) => g.RejectAsync(c));
        MapCommand<ReasonRequest>(group, "withdraw", "WithdrawAuthorization", "Withdraw an application (the unit)", [RoleNames.Unit], (g, _, c) => g.WithdrawAsync(c));
        MapCommand<EmptyBody>(group, "announce", "AnnounceAuthorization", "Announce an approved authorization", [RoleNames.Authority], (g, _, c) => g.AnnounceAsync(c));
        MapCommand<FileRequest>(group, "file", "FileAuthorization", "Record the filing of a pilot authorization", [RoleNames.Authority], (g, b, c) => g.FileAsync(b.FilingRef!, c));
        MapCommand<ActivateRequest>(group, "activate", "ActivateAuthorization", "Activate an authorization for its term", [RoleNames.Authority], (g, b, c) => g.ActivateAsync(new Term(b.TermStart!.Value, b.TermEnd!.Value), c),
            problems: [ErrorCodes.TermTooLong, ErrorCodes.FilingRequired, ErrorCodes.DomainNotOperational]);
        MapCommand<SuspendRequest>(group, "suspend", "SuspendAuthorization", "Suspend an authorization and order a correction", [RoleNames.Supervisor, RoleNames.Authority], (g, b, c) => g.SuspendAsync(b.ToDue()!, c));
        MapCommand<CorrectionRequest>(group, "corrections", "SubmitCorrection", "Submit a correction for a suspended authorization", [RoleNames.Unit], (g, b, c) => g.SubmitCorrectionAsync(b.Summary!, c), created: true,
            problems: [ErrorCodes.LimitReached]);
        MapCommand<NoteRequest>(group, "reinstate", "ReinstateAuthorization", "Reinstate a suspended authorization", [RoleNames.Supervisor], (g, _, c) => g.ReinstateAsync(c));
        MapCommand<ReasonRequest>(group, "terminate", "TerminateAuthorization", "Terminate an authorization", [RoleNames.Authority], (g, _, c) => g.TerminateAsync(c));
        MapCommand<ReasonRequest>(group, "revoke", "RevokeAuthorization", "Revoke an authorization", [RoleNames.Supervisor, RoleNames.Authority], (g, _, c) => g.RevokeAsync(c));
        MapCommand<ReportRequest>(group, "reports", "SubmitReport", "Submit a periodic report", [RoleNames.Unit], (g, b, c) => g.SubmitReportAsync(b.Period!.Value, b.Summary!, c), created: true);

        app.MapGet("/v1/public/announcements", AnnouncementsAsync).WithName("ListAnnouncements").WithSummary("List announced authorizations (public)").WithTags("Public").AllowAnonymous()
            .WithDescription("Announced and later authorizations, each with its current `state`; one that ended carries `ended: {at, state}` (null while it has not ended).");
        return app;
    }

    private static void MapCommand<TBody>(RouteGroupBuilder group, string name, string operationId, string summary, string[] roles, Command<TBody> command, bool created = false, string[]? problems = null)
        where TBody : class, IRequestBody =>
        group.MapPost($"/{{id}}/{name}", (string id, HttpContext http, IClusterClient orleans) => CommandAsync(id, http, orleans, command, created))
            .RequireRoles(roles).JsonBody<TBody>().WithName(operationId).WithSummary(summary).ProducesProblems(problems ?? []);

    private static async Task<Results<Created<AuthorizationResponse>, Ok<AuthorizationResponse>, ProblemHttpResult>> ApplyAsync(
        HttpContext http, IClusterClient orleans)
    {
        var (request, problem) = await CommandRequest.ReadAsync<ApplyRequest>(http);
        if (problem is not null) return problem;
        var application = request!.Body.ToApplication();
        if (!GrainInterfaces.Units.Uscc.IsValid(application.UnitId))
        {
            return Problems.Result(new DomainError(ErrorCodes.InvalidUscc, $"'{application.UnitId}' is not a valid unified social credit code."), http);
        }

        var id = NewId(application.UnitId, request.Context.IdempotencyKey);
        var result = await orleans.GetGrain<IAuthorizationGrain>(id).ApplyAsync(application, request.Context);
        return Respond.Command(http, result, AuthorizationResponse.From, v => v.Version, v => $"/v1/authorizations/{v.Id}");
    }

    private static Task<Results<Created<AuthorizationResponse>, Ok<AuthorizationResponse>, ProblemHttpResult>> CommandAsync<TBody>(
        string id, HttpContext http, IClusterClient orleans, Command<TBody> command, bool created)
        where TBody : class, IRequestBody =>
        GrainCommand.RunAsync<IAuthorizationGrain, TBody, AuthorizationView, AuthorizationResponse>(
            id, "Authorization", http, orleans, (g, b, c) => command(g, b, c), AuthorizationResponse.From, v => v.Version,
            v => $"/v1/authorizations/{v.Id}", created);

    private static async Task<Results<Ok<AuthorizationResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var view = Ids.IsValidChosenId(id) ? await orleans.GetGrain<IAuthorizationGrain>(id).GetAsync(http.User.ToActor()) : null;
        return Respond.Read(http, view, $"Authorization '{id}'", AuthorizationResponse.From, v => v.Version);
    }

    private static async Task<Results<Ok<PageResponse<AuthorizationResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? unitId, string? state, string? domainId, string? noticeId, string? limit, string? cursor)
    {
        if (!ResourceLists.TryConfine(http, ref unitId)) return ResourceLists.OtherUnit(http, unitId!);
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var states = Paging.Enum<AuthorizationStatus>("state", state, errors);
        var domain = Paging.Id("domainId", domainId, errors);
        var notice = Paging.Id("noticeId", noticeId, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        return await ResourceLists.PageAsync<AuthorizationView, AuthorizationResponse>(http, orleans,
            new ResourceQuery(EntityTypes.Authorization, unitId, states, ParentId: notice, AfterId: after, Limit: size!.Value,
                BodyContains: ResourceLists.Contains(("domainId", domain))), AuthorizationResponse.From);
    }

    private static async Task<Results<Ok<PageResponse<AnnouncementResponse>>, ProblemHttpResult>> AnnouncementsAsync(
        HttpContext http, IClusterClient orleans, string? limit, string? cursor)
    {
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        var page = await orleans.GetGrain<IResourceListGrain>(0).ListAsync(
            new ResourceQuery(EntityTypes.Authorization, PublishedOnly: true, AfterId: after, Limit: size!.Value));
        return TypedResults.Ok(new PageResponse<AnnouncementResponse>(
            page.Items.Select(json => AnnouncementResponse.From(ViewJson.Deserialize<AnnouncementEntry>(json))).ToList(), page.NextCursor));
    }

    /// <summary>
    /// A server id. With an Idempotency-Key it is derived from the unit and the key, so a retried
    /// application reaches the same grain, which replays its first answer.
    /// </summary>
    private static string NewId(string unitId, string? idempotencyKey)
    {
        var seed = idempotencyKey is null ? Guid.NewGuid().ToString("N") : $"{unitId}\n{idempotencyKey}";
        return "auth-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..24];
    }
}
