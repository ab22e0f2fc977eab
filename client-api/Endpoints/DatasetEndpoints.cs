using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Datasets;
using Domains.GrainInterfaces.Lists;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

/// <summary>A domain's dataset catalogue (DATAPLANE.md §2).</summary>
public static class DatasetEndpoints
{
    public static IEndpointRouteBuilder MapDatasetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/domains/{id}/datasets").WithTags("Datasets");
        group.MapPut("/{datasetId}", PutAsync).RequireRoles(RoleNames.Authority).JsonBody<PutDatasetRequest>()
            .WithName("PutDataset").WithSummary("Registers or updates a dataset of the domain's catalogue")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{datasetId}", GetAsync).RequireAnyRole()
            .WithName("GetDataset").WithSummary("One dataset of the domain's catalogue, with its version as ETag")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).RequireAnyRole()
            .WithName("ListDatasets").WithSummary("Lists the domain's catalogue")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<DatasetResponse>, Ok<DatasetResponse>, ProblemHttpResult>> PutAsync(
        string id, string datasetId, HttpContext http, IClusterClient orleans)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.Validation("id", "is not a valid domain id"), http);
        if (!Ids.IsValidChosenId(datasetId)) return Problems.Result(DomainError.Validation("datasetId", "is not a valid dataset id"), http);
        var (request, problem) = await CommandRequest.ReadAsync<PutDatasetRequest>(http);
        if (problem is not null) return problem;
        if (await orleans.GetGrain<GrainInterfaces.Domains.IDomainGrain>(id).GetAsync() is null)
        {
            return Problems.Result(DomainError.NotFound($"Domain '{id}'"), http);
        }

        var result = await orleans.GetGrain<IDatasetGrain>(DatasetKeys.Key(id, datasetId)).RegisterAsync(request!.Body.ToDefinition(), request.Context);
        return Respond.Command(http, result, DatasetResponse.From, v => v.Version, v => $"/v1/domains/{v.DomainId}/datasets/{v.Id}");
    }

    /// <summary>Not in API.md: the single read beside the list, so a client can update with <c>If-Match</c> of what it read.</summary>
    private static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> GetAsync(string id, string datasetId, HttpContext http, IClusterClient orleans)
    {
        var view = Ids.IsValidChosenId(id) && Ids.IsValidChosenId(datasetId)
            ? await orleans.GetGrain<IDatasetGrain>(DatasetKeys.Key(id, datasetId)).GetAsync()
            : null;
        return Respond.Read(http, view, $"Dataset '{datasetId}' of domain '{id}'", DatasetResponse.From, v => v.Version);
    }

    private static async Task<Results<Ok<PageResponse<DatasetResponse>>, ProblemHttpResult>> ListAsync(
        string id, HttpContext http, IClusterClient orleans, string? limit, string? cursor)
    {
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);
        if (!Ids.IsValidChosenId(id) || await orleans.GetGrain<GrainInterfaces.Domains.IDomainGrain>(id).GetAsync() is null)
        {
            return Problems.Result(DomainError.NotFound($"Domain '{id}'"), http);
        }

        var page = await orleans.GetGrain<IResourceListGrain>(0).ListAsync(
            new ResourceQuery(EntityTypes.Dataset, ParentId: id, AfterId: cursor, Limit: size!.Value));
        return TypedResults.Ok(new PageResponse<DatasetResponse>(
            page.Items.Select(json => DatasetResponse.From(ViewJson.Deserialize<DatasetView>(json))).ToList(), page.NextCursor));
    }
}
