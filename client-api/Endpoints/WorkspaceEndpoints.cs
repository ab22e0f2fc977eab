using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Lists;
using Domains.GrainInterfaces.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

public static class WorkspaceEndpoints
{
    private delegate Task<CommandResult<WorkspaceView>> Command<in TBody>(IWorkspaceGrain grain, TBody body, CommandContext context);

    public static IEndpointRouteBuilder MapWorkspaceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/workspaces").WithTags("Workspaces");
        group.MapGet("/", ListAsync).WithName("ListWorkspaces").WithSummary("List workspaces, newest first").RequireAnyRole();
        group.MapGet("/{id}", GetAsync).WithName("GetWorkspace").WithSummary("Read a workspace").RequireAnyRole();
        MapCommand<ProvisionedRequest>(group, "provisioned", "ConfirmProvisioned", "Confirm a workspace provisioned (webhook driver)", [RoleNames.Automation],
            (g, b, c) => g.ConfirmProvisionedAsync(b.Resources!.Value.GetRawText(), c));
        MapCommand<DataDeletedRequest>(group, "data-deleted", "ConfirmDataDeleted", "Confirm a workspace's data deleted, with its certificate", [RoleNames.Automation], (g, b, c) => g.ConfirmDeletionAsync(b.ToCertificate(), c));
        MapCommand<EmptyBody>(group, "logs-purged", "ConfirmLogsPurged", "Confirm a workspace's logs purged", [RoleNames.Automation], (g, _, c) => g.ConfirmLogsPurgedAsync(c));
        MapCommand<EmptyBody>(group, "retry-provisioning", "RetryProvisioning", "Retry a failed provisioning", [RoleNames.Authority, RoleNames.Automation], (g, _, c) => g.RetryProvisioningAsync(c));

        group.MapPost("/{id}/credentials", CredentialsAsync).RequireRoles(RoleNames.Unit).JsonBody<EmptyBody>()
            .WithName("IssueWorkspaceCredentials").WithSummary("Sets and returns a fresh password of the workspace's login (owning unit only)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapGet("/v1/access", AccessAsync).WithName("DecideAccess").WithSummary("Decide a unit's access to a dataset in a workspace").WithTags("Access").RequireRoles(RoleNames.Automation);
        return app;
    }

    private static void MapCommand<TBody>(RouteGroupBuilder group, string name, string operationId, string summary, string[] roles, Command<TBody> command)
        where TBody : class, IRequestBody =>
        group.MapPost($"/{{id}}/{name}", (string id, HttpContext http, IClusterClient orleans) =>
                GrainCommand.RunAsync<IWorkspaceGrain, TBody, WorkspaceView, WorkspaceResponse>(
                    id, "Workspace", http, orleans, (g, b, c) => command(g, b, c), WorkspaceResponse.From, v => v.Version))
            .RequireRoles(roles).JsonBody<TBody>().WithName(operationId).WithSummary(summary);

    /// <summary>A workspace's row has its unit and, as parent, its domain; enforcement is matched in the view.</summary>
    private static async Task<Results<Ok<PageResponse<WorkspaceResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? state, string? domainId, string? unitId, string? enforcement, string? limit, string? cursor)
    {
        if (!ResourceLists.TryConfine(http, ref unitId)) return ResourceLists.OtherUnit(http, unitId!);
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var states = Paging.Enum<WorkspaceStatus>("state", state, errors);
        var domain = Paging.Id("domainId", domainId, errors);
        var enforced = Paging.EnumValue<Enforcement>("enforcement", enforcement, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        return await ResourceLists.PageAsync<WorkspaceView, WorkspaceResponse>(http, orleans,
            new ResourceQuery(EntityTypes.Workspace, unitId, states, ParentId: domain, AfterId: after, Limit: size!.Value,
                BodyContains: ResourceLists.Contains(("enforcement", enforced is { } e ? (int)e : null))), WorkspaceResponse.From);
    }

    private static async Task<Results<Ok<WorkspaceResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var view = Ids.IsValidChosenId(id) ? await orleans.GetGrain<IWorkspaceGrain>(id).GetAsync(http.User.ToActor()) : null;
        return Respond.Read(http, view, $"Workspace '{id}'", WorkspaceResponse.From, v => v.Version);
    }

    /// <summary>The only answer that ever holds a workspace password: not cached, not stored, not remembered under an Idempotency-Key.</summary>
    private static async Task<Results<Ok<CredentialsResponse>, ProblemHttpResult>> CredentialsAsync(string id, HttpContext http, IClusterClient orleans)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.NotFound($"Workspace '{id}'"), http);
        var (request, problem) = await CommandRequest.ReadAsync<EmptyBody>(http);
        if (problem is not null) return problem;

        var result = await orleans.GetGrain<IWorkspaceGrain>(id).IssueCredentialsAsync(request!.Context);
        http.Response.Headers.CacheControl = "no-store";
        return result.Error is { } error
            ? Problems.Result(error, http)
            : TypedResults.Ok(CredentialsResponse.From(result.Value!));
    }

    /// <summary>R12: never 404 — an unknown workspace is a denial like any other.</summary>
    private static async Task<Results<Ok<AccessResponse>, ProblemHttpResult>> AccessAsync(
        HttpContext http, IClusterClient orleans, string? workspace, string? unit, string? dataset)
    {
        var errors = new Validator()
            .Required("workspace", workspace, 128)
            .Required("unit", unit, 64)
            .Required("dataset", dataset, 128);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        var decision = await orleans.GetGrain<IWorkspaceGrain>(workspace!).DecideAccessAsync(unit!, dataset!);
        return TypedResults.Ok(new AccessResponse(decision.Allowed, decision.Reason));
    }
}
