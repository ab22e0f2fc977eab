using Domains.ClientApi.Errors;
using Domains.GrainInterfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Http;

/// <summary>
/// The one shape of every command route on an existing entity: a malformed id is a resource that does not
/// exist, then the request is read and checked, the grain decides, and its answer is mapped.
/// </summary>
public static class GrainCommand
{
    public static async Task<Results<Created<TResponse>, Ok<TResponse>, ProblemHttpResult>> RunAsync<TGrain, TBody, TView, TResponse>(
        string id, string noun, HttpContext http, IClusterClient orleans,
        Func<TGrain, TBody, CommandContext, Task<CommandResult<TView>>> command,
        Func<TView, TResponse> map, Func<TView, long> version, Func<TView, string>? location = null, bool created = false)
        where TGrain : IGrainWithStringKey
        where TBody : class, IRequestBody
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.NotFound($"{noun} '{id}'"), http);
        var (request, problem) = await CommandRequest.ReadAsync<TBody>(http);
        if (problem is not null) return problem;

        var result = await command(orleans.GetGrain<TGrain>(id), request!.Body, request.Context);
        if (created && result.IsSuccess) result = result with { Created = true };
        return Respond.Command(http, result, map, version, location);
    }
}
