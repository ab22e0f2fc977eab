using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

public static class WorkspaceEndpoints
{
    public static IEndpointRouteBuilder MapWorkspaceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/workspaces").WithTags("Workspaces");
        group.MapGet("/{id}", GetAsync).RequireAnyRole();
        return app;
    }

    private static async Task<Results<Ok<WorkspaceResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var view = await orleans.GetGrain<IWorkspaceGrain>(id).GetAsync(http.User.ToActor());
        return Respond.Read(http, view, $"Workspace '{id}'", WorkspaceResponse.From, v => v.Version);
    }
}
