using System.Security.Cryptography;
using System.Text;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Exports;
using Domains.GrainInterfaces.Lists;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

/// <summary>Reviewed exports (DATAPLANE.md §5): a unit asks, the authority reviews the preview, the unit downloads the approved copy.</summary>
public static class ExportEndpoints
{
    private const int ChunkBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/workspaces/{id}/exports", SubmitAsync)
            .WithTags("Exports").WithName("SubmitExport").WithSummary("Ask to export one table of the workspace's own schema")
            .RequireRoles(RoleNames.Unit).JsonBody<ExportRequestBody>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var group = app.MapGroup("/v1/exports").WithTags("Exports");
        group.MapGet("/", ListAsync).WithName("ListExports").WithSummary("List exports, newest first")
            .RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor, RoleNames.Unit)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}", GetAsync).WithName("GetExport").WithSummary("An export with its preview, and once delivered its SHA-256 and row count")
            .RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor, RoleNames.Unit)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        MapReview<NoteRequest>(group, "approve", "ApproveExport", "Approve the export: its reviewed copy goes into the export store", (g, c) => g.ApproveAsync(c));
        MapReview<ReasonRequest>(group, "reject", "RejectExport", "Reject the export: its copy is discarded", (g, c) => g.RejectAsync(c));
        group.MapGet("/{id}/file", DownloadAsync).WithName("DownloadExportFile").WithSummary("The approved CSV, exactly as reviewed")
            .RequireRoles(RoleNames.Unit)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static void MapReview<TBody>(RouteGroupBuilder group, string name, string operationId, string summary,
        Func<IExportGrain, CommandContext, Task<CommandResult<ExportView>>> command)
        where TBody : class, IRequestBody =>
        group.MapPost($"/{{id}}/{name}", (string id, HttpContext http, IClusterClient orleans) =>
                GrainCommand.RunAsync<IExportGrain, TBody, ExportView, ExportResponse>(
                    id, "Export", http, orleans, (g, _, c) => command(g, c), ExportResponse.From, v => v.Version))
            .RequireRoles(RoleNames.Authority).JsonBody<TBody>().WithName(operationId).WithSummary(summary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Created<ExportResponse>, Ok<ExportResponse>, ProblemHttpResult>> SubmitAsync(
        string id, HttpContext http, IClusterClient orleans)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.NotFound($"Workspace '{id}'"), http);
        var (request, problem) = await CommandRequest.ReadAsync<ExportRequestBody>(http);
        if (problem is not null) return problem;

        // The same Idempotency-Key of the same caller finds the same export; without one, every request is a new export.
        var seed = request!.Context.IdempotencyKey is { } key ? $"{id}\n{http.User.ToActor().Subject}\n{key}" : Guid.NewGuid().ToString("N");
        var exportId = "exp-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..24];
        var result = await orleans.GetGrain<IExportGrain>(exportId).SubmitAsync(request.Body.ToRequest(id), request.Context);
        return Respond.Command(http, result, ExportResponse.From, v => v.Version, v => $"/v1/exports/{v.Id}");
    }

    private static async Task<Results<Ok<ExportResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var view = Ids.IsValidChosenId(id) ? await orleans.GetGrain<IExportGrain>(id).GetAsync(http.User.ToActor()) : null;
        return Respond.Read(http, view, $"Export '{id}'", ExportResponse.From, v => v.Version);
    }

    private static async Task<Results<Ok<PageResponse<ExportResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? state, string? workspaceId, string? unitId, string? limit, string? cursor)
    {
        if (!ResourceLists.TryConfine(http, ref unitId)) return ResourceLists.OtherUnit(http, unitId!);
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var states = Paging.Enum<ExportStatus>("state", state, errors);
        var workspace = Paging.Id("workspaceId", workspaceId, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        return await ResourceLists.PageAsync<ExportView, ExportResponse>(http, orleans,
            new ResourceQuery(EntityTypes.Export, unitId, states, ParentId: workspace, AfterId: after, Limit: size!.Value), ExportResponse.From);
    }

    /// <summary>Streams the delivered file from the grain in chunks; the first chunk decides the status (404, 409) before anything is sent.</summary>
    private static async Task<IResult> DownloadAsync(string id, HttpContext http, IClusterClient orleans)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.NotFound($"Export '{id}'"), http);
        var actor = http.User.ToActor();
        var grain = orleans.GetGrain<IExportGrain>(id);
        var first = await grain.ReadFileAsync(actor, 0, ChunkBytes);
        if (first.Error is { } error) return Problems.Result(error, http);
        var view = (await grain.GetAsync(actor))!;
        Respond.SetETag(http, view.Version);
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(view.Sha256!))}:";
        return Results.Stream(async body =>
        {
            var chunk = first.Value!;
            long offset = 0;
            while (chunk.Length > 0)
            {
                await body.WriteAsync(chunk);
                offset += chunk.Length;
                if (chunk.Length < ChunkBytes) break;
                var next = await grain.ReadFileAsync(actor, offset, ChunkBytes);
                chunk = next.Value ?? [];
            }
        }, "text/csv", $"{id}.csv");
    }
}
