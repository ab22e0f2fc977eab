using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.ClientApi.OpenApi;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Lists;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

public static class DomainEndpoints
{
    public static IEndpointRouteBuilder MapDomainEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/domains").WithTags("Domains");
        group.MapPut("/{id}", PutAsync).WithName("PutDomain").WithSummary("Register or update an operation domain").ProducesProblems(ErrorCodes.InvalidTransition).RequireRoles(RoleNames.Authority).JsonBody<PutDomainRequest>();
        group.MapPost("/{id}/built", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync<EmptyBody>(id, http, orleans, (grain, _, context) => grain.ReportBuiltAsync(context)))
            .WithName("ReportDomainBuilt").WithSummary("Report an operation domain built").RequireRoles(RoleNames.Automation).JsonBody<EmptyBody>();
        group.MapPost("/{id}/accept", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync<AcceptDomainRequest>(id, http, orleans, (grain, body, context) => grain.AcceptAsync(body.InspectionRef!, context)))
            .WithName("AcceptDomain").WithSummary("Accept an operation domain after inspection").RequireRoles(RoleNames.Authority).JsonBody<AcceptDomainRequest>();
        group.MapPost("/{id}/suspend", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync<ReasonRequest>(id, http, orleans, (grain, _, context) => grain.SuspendAsync(context)))
            .WithName("SuspendDomain").WithSummary("Suspend a whole operation domain").RequireRoles(RoleNames.Supervisor).JsonBody<ReasonRequest>();
        group.MapPost("/{id}/resume", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync<ReasonRequest>(id, http, orleans, (grain, _, context) => grain.ResumeAsync(context)))
            .WithName("ResumeDomain").WithSummary("Resume a suspended operation domain").RequireRoles(RoleNames.Supervisor).JsonBody<ReasonRequest>();
        group.MapPost("/{id}/retire", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync<ReasonRequest>(id, http, orleans, (grain, _, context) => grain.RetireAsync(context)))
            .WithName("RetireDomain").WithSummary("Retire an operation domain that hosts no live workspace").RequireRoles(RoleNames.Authority).JsonBody<ReasonRequest>();
        group.MapGet("/", ListAsync).WithName("ListDomains").WithSummary("List operation domains, newest first").RequireAnyRole();
        group.MapGet("/{id}", GetAsync).WithName("GetDomain").WithSummary("Read an operation domain").RequireAnyRole();
        return app;
    }

    private static async Task<Results<Created<DomainResponse>, Ok<DomainResponse>, ProblemHttpResult>> PutAsync(
        string id, HttpContext http, IClusterClient orleans)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.Validation("id", "is not a valid domain id"), http);
        var (request, problem) = await CommandRequest.ReadAsync<PutDomainRequest>(http);
        if (problem is not null) return problem;

        var result = await orleans.GetGrain<IDomainGrain>(id).RegisterAsync(request!.Body.ToDefinition(), request.Context);
        return Respond.Command(http, result, DomainResponse.From, v => v.Version, v => $"/v1/domains/{v.Id}");
    }

    private static Task<Results<Created<DomainResponse>, Ok<DomainResponse>, ProblemHttpResult>> CommandAsync<TBody>(
        string id, HttpContext http, IClusterClient orleans,
        Func<IDomainGrain, TBody, CommandContext, Task<CommandResult<DomainView>>> command)
        where TBody : class, IRequestBody =>
        GrainCommand.RunAsync(id, "Domain", http, orleans, command, DomainResponse.From, v => v.Version);

    private static async Task<Results<Ok<PageResponse<DomainResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? state, string? limit, string? cursor)
    {
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var states = Paging.Enum<DomainStatus>("state", state, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        return await ResourceLists.PageAsync<DomainView, DomainResponse>(http, orleans,
            new ResourceQuery(EntityTypes.Domain, States: states, AfterId: after, Limit: size!.Value), DomainResponse.From);
    }

    private static async Task<Results<Ok<DomainResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var view = Ids.IsValidChosenId(id) ? await orleans.GetGrain<IDomainGrain>(id).GetAsync() : null;
        return Respond.Read(http, view, $"Domain '{id}'", DomainResponse.From, v => v.Version);
    }
}
