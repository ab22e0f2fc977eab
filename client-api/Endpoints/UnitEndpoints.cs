using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.ClientApi.OpenApi;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Units;
using Domains.GrainInterfaces.Lists;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

public static class UnitEndpoints
{
    public static IEndpointRouteBuilder MapUnitEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/units").WithTags("Units");
        group.MapPut("/{uscc}", PutAsync).WithName("PutUnit").WithSummary("Register or update an operating unit").ProducesProblems(ErrorCodes.InvalidUscc).RequireRoles(RoleNames.Authority).JsonBody<PutUnitRequest>();
        group.MapPut("/{uscc}/security-profile", (string uscc, HttpContext http, IClusterClient orleans) =>
                CommandAsync<PutSecurityProfileRequest>(uscc, http, orleans, (grain, body, context) => grain.SetSecurityProfileAsync(body.ToProfile(), context)))
            .WithName("PutSecurityProfile").WithSummary("Set an operating unit's security profile").ProducesProblems(ErrorCodes.InvalidUscc, ErrorCodes.NotFound).RequireRoles(RoleNames.Authority).JsonBody<PutSecurityProfileRequest>();
        group.MapPost("/{uscc}/incidents", PostIncidentAsync).WithName("ReportIncident").WithSummary("Record a security incident of an operating unit").ProducesProblems(ErrorCodes.InvalidUscc, ErrorCodes.LimitReached)
            .RequireRoles(RoleNames.Supervisor, RoleNames.Authority).JsonBody<ReportIncidentRequest>();
        group.MapPost("/{uscc}/inspections", PostInspectionAsync).WithName("RecordInspection").WithSummary("Record an inspection of an operating unit").ProducesProblems(ErrorCodes.InvalidUscc, ErrorCodes.LimitReached).RequireRoles(RoleNames.Supervisor).JsonBody<InspectionRequest>();
        group.MapGet("/", ListAsync).WithName("ListUnits").WithSummary("List operating units, newest first").ProducesProblems(ErrorCodes.ValidationFailed)
            .RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Unit, RoleNames.Auditor);
        group.MapGet("/{uscc}", GetAsync).WithName("GetUnit").WithSummary("Read an operating unit with its qualification").ProducesProblems(ErrorCodes.InvalidUscc)
            .RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Unit, RoleNames.Auditor);
        return app;
    }

    /// <summary>A unit lists only itself.</summary>
    private static async Task<Results<Ok<PageResponse<UnitResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? qualified, string? limit, string? cursor)
    {
        string? unitId = null;
        ResourceLists.TryConfine(http, ref unitId);
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var isQualified = Paging.Bool("qualified", qualified, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        var contains = ResourceLists.Contains(("qualification", isQualified is { } q ? new System.Text.Json.Nodes.JsonObject { ["qualified"] = q } : null));
        return await ResourceLists.PageAsync<UnitView, UnitResponse>(http, orleans,
            new ResourceQuery(EntityTypes.Unit, unitId, AfterId: after, Limit: size!.Value, BodyContains: contains), UnitResponse.From);
    }

    private static async Task<Results<Created<UnitResponse>, Ok<UnitResponse>, ProblemHttpResult>> PutAsync(
        string uscc, HttpContext http, IClusterClient orleans)
    {
        if (!Uscc.IsValid(uscc)) return InvalidUscc(uscc, http);
        var (request, problem) = await CommandRequest.ReadAsync<PutUnitRequest>(http);
        if (problem is not null) return problem;

        var result = await orleans.GetGrain<IOperatingUnitGrain>(uscc).RegisterAsync(request!.Body.ToDetails(), request.Context);
        return Respond.Command(http, result, UnitResponse.From, v => v.Version, v => $"/v1/units/{v.Id}");
    }

    private static async Task<Results<Created<UnitResponse>, Ok<UnitResponse>, ProblemHttpResult>> CommandAsync<TBody>(
        string uscc, HttpContext http, IClusterClient orleans,
        Func<IOperatingUnitGrain, TBody, CommandContext, Task<CommandResult<UnitView>>> command)
        where TBody : class, IRequestBody
    {
        if (!Uscc.IsValid(uscc)) return InvalidUscc(uscc, http);
        var (request, problem) = await CommandRequest.ReadAsync<TBody>(http);
        if (problem is not null) return problem;

        var result = await command(orleans.GetGrain<IOperatingUnitGrain>(uscc), request!.Body, request.Context);
        return Respond.Command(http, result, UnitResponse.From, v => v.Version);
    }

    /// <summary>An incident is recorded, not a resource of its own: 201 with the unit it changed.</summary>
    private static async Task<Results<Created<UnitResponse>, ProblemHttpResult>> PostIncidentAsync(
        string uscc, HttpContext http, IClusterClient orleans)
    {
        if (!Uscc.IsValid(uscc)) return InvalidUscc(uscc, http);
        var (request, problem) = await CommandRequest.ReadAsync<ReportIncidentRequest>(http);
        if (problem is not null) return problem;

        var result = await orleans.GetGrain<IOperatingUnitGrain>(uscc).ReportIncidentAsync(request!.Body.ToIncident(), request.Context);
        if (result.Error is { } error) return Problems.Result(error, http);
        Respond.SetETag(http, result.Value!.Version);
        return TypedResults.Created($"/v1/units/{uscc}", UnitResponse.From(result.Value));
    }

    private static async Task<Results<Ok<UnitResponse>, ProblemHttpResult>> GetAsync(string uscc, HttpContext http, IClusterClient orleans)
    {
        if (!Uscc.IsValid(uscc)) return InvalidUscc(uscc, http);

        var view = await orleans.GetGrain<IOperatingUnitGrain>(uscc).GetAsync(http.User.ToActor());
        return Respond.Read(http, view, $"Operating unit '{uscc}'", UnitResponse.From, v => v.Version);
    }

    /// <summary>
    /// Records the inspection on the unit; a breach finding that names an authorization of the unit may
    /// suspend it with the findings as reason. The unit grain saves both as one step and answers after the
    /// authorization acknowledged the suspension, so a 201 means access is already closed; an idempotent
    /// retry replays both.
    /// </summary>
    private static async Task<Results<Created<InspectionResponse>, ProblemHttpResult>> PostInspectionAsync(
        string uscc, HttpContext http, IClusterClient orleans)
    {
        if (!Uscc.IsValid(uscc)) return InvalidUscc(uscc, http);
        var (request, problem) = await CommandRequest.ReadAsync<InspectionRequest>(http);
        if (problem is not null) return problem;
        var body = request!.Body;

        IAuthorizationGrain? authorization = null;
        if (body.AuthorizationId is { } authorizationId)
        {
            authorization = orleans.GetGrain<IAuthorizationGrain>(authorizationId);
            if (await authorization.GetAsync(http.User.ToActor()) is not { } view || view.UnitId != uscc)
            {
                return Problems.Result(DomainError.Validation("authorizationId", "is not an authorization of this unit"), http);
            }
        }

        var inspectionId = "insp-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(request.Context.IdempotencyKey ?? Guid.NewGuid().ToString("N"))))[..20];
        var suspend = body.Suspend is { } order ? new InspectionSuspension(order.ToDue()!, order.Reason) : null;
        var recorded = await orleans.GetGrain<IOperatingUnitGrain>(uscc).RecordInspectionAsync(
            inspectionId, body.Scope!, body.Findings!, body.Breach!.Value, body.AuthorizationId, suspend, request.Context);
        if (recorded.Error is { } error) return Problems.Result(error, http);
        var inspection = recorded.Value!.Inspections!.Last(i => i.Id == inspectionId);

        var state = suspend is not null && authorization is not null ? (await authorization.GetAsync(http.User.ToActor()))?.State : null;
        return TypedResults.Created($"/v1/units/{uscc}", InspectionResponse.From(uscc, inspection, state));
    }

    private static ProblemHttpResult InvalidUscc(string uscc, HttpContext http) =>
        Problems.Result(new DomainError(ErrorCodes.InvalidUscc,
            $"'{uscc}' is not a unified social credit code: {Uscc.Length} characters of {Uscc.Alphabet} with a valid check character (GB 32100-2015)."), http);
}
