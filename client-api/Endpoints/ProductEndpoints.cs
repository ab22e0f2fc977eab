using System.Security.Cryptography;
using System.Text;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.ClientApi.OpenApi;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Lists;
using Domains.GrainInterfaces.Products;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

public static class ProductEndpoints
{
    private delegate Task<CommandResult<ProductView>> Command<in TBody>(IProductGrain grain, TBody body, CommandContext context);

    public static IEndpointRouteBuilder MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/authorizations/{id}/products", SubmitAsync).WithName("SubmitProduct").WithSummary("Submit a data product made under an authorization").ProducesProblems(ErrorCodes.NotFound, ErrorCodes.InvalidTransition, ErrorCodes.DatasetNotAuthorized, ErrorCodes.ProtectionRequired, ErrorCodes.BlanketConsentForbidden).WithTags("Products")
            .RequireRoles(RoleNames.Unit).JsonBody<ProductRequest>();

        var group = app.MapGroup("/v1/products").WithTags("Products");
        group.MapGet("/", ListAsync).WithName("ListProducts").WithSummary("List data products, newest first")
            .RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor, RoleNames.Unit);
        group.MapGet("/{id}", GetAsync).WithName("GetProduct").WithSummary("Read a data product").RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor, RoleNames.Unit);
        MapCommand<NoteRequest>(group, "approve", "ApproveProduct", "Approve a data product", [RoleNames.Authority], (g, _, c) => g.ApproveAsync(c));
        MapCommand<ReasonRequest>(group, "reject", "RejectProduct", "Reject a data product", [RoleNames.Authority], (g, _, c) => g.RejectAsync(c));
        MapCommand<ReasonRequest>(group, "request-changes", "RequestProductChanges", "Ask for changes to a data product", [RoleNames.Authority], (g, _, c) => g.RequestChangesAsync(c));
        MapCommand<EmptyBody>(group, "list", "ListProductForSale", "Put an approved data product on the market", [RoleNames.Unit], (g, _, c) => g.ListAsync(c));
        MapCommand<EmptyBody>(group, "delist", "DelistProduct", "Take a data product off the market", [RoleNames.Unit], (g, _, c) => g.DelistAsync(c));
        MapCommand<ResubmitRequest>(group, "resubmit", "ResubmitProduct", "Resubmit a data product after requested changes", [RoleNames.Unit], (g, b, c) => g.SubmitAsync(b.AuthorizationId!, b.Product!.ToDefinition(), c));
        return app;
    }

    private static void MapCommand<TBody>(RouteGroupBuilder group, string name, string operationId, string summary, string[] roles, Command<TBody> command)
        where TBody : class, IRequestBody =>
        group.MapPost($"/{{id}}/{name}", (string id, HttpContext http, IClusterClient orleans) =>
                GrainCommand.RunAsync<IProductGrain, TBody, ProductView, ProductResponse>(
                    id, "Product", http, orleans, (g, b, c) => command(g, b, c), ProductResponse.From, v => v.Version))
            .RequireRoles(roles).JsonBody<TBody>().WithName(operationId).WithSummary(summary)
            .ProducesProblems(name == "resubmit" ? [ErrorCodes.DatasetNotAuthorized, ErrorCodes.ProtectionRequired, ErrorCodes.BlanketConsentForbidden] : []);

    private static async Task<Results<Created<ProductResponse>, Ok<ProductResponse>, ProblemHttpResult>> SubmitAsync(
        string id, HttpContext http, IClusterClient orleans)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.NotFound($"Authorization '{id}'"), http);
        var (request, problem) = await CommandRequest.ReadAsync<ProductRequest>(http);
        if (problem is not null) return problem;

        var seed = request!.Context.IdempotencyKey is { } key ? $"{id}\n{key}" : Guid.NewGuid().ToString("N");
        var productId = "prod-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..24];
        var result = await orleans.GetGrain<IProductGrain>(productId).SubmitAsync(id, request.Body.ToDefinition(), request.Context);
        return Respond.Command(http, result, ProductResponse.From, v => v.Version, v => $"/v1/products/{v.Id}");
    }

    private static async Task<Results<Ok<PageResponse<ProductResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? state, string? authorizationId, string? unitId, string? limit, string? cursor)
    {
        if (!ResourceLists.TryConfine(http, ref unitId)) return ResourceLists.OtherUnit(http, unitId!);
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var states = Paging.Enum<ProductStatus>("state", state, errors);
        var authorization = Paging.Id("authorizationId", authorizationId, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        return await ResourceLists.PageAsync<ProductView, ProductResponse>(http, orleans,
            new ResourceQuery(EntityTypes.Product, unitId, states, ParentId: authorization, AfterId: after, Limit: size!.Value), ProductResponse.From);
    }

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var view = Ids.IsValidChosenId(id) ? await orleans.GetGrain<IProductGrain>(id).GetAsync(http.User.ToActor()) : null;
        return Respond.Read(http, view, $"Product '{id}'", ProductResponse.From, v => v.Version);
    }
}
