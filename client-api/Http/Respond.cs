using System.Globalization;
using Domains.ClientApi.Errors;
using Domains.GrainInterfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Http;

/// <summary>Maps a grain's answer to HTTP: the body, <c>ETag: "&lt;version&gt;"</c>, 201 with Location, or the problem.</summary>
public static class Respond
{
    public static Results<Created<TResponse>, Ok<TResponse>, ProblemHttpResult> Command<TView, TResponse>(
        HttpContext http, CommandResult<TView> result, Func<TView, TResponse> map, Func<TView, long> version,
        Func<TView, string>? location = null)
    {
        if (result.Error is { } error) return Problems.Result(error, http);
        var view = result.Value!;
        SetETag(http, version(view));
        if (result.Created && location is not null) return TypedResults.Created(location(view), map(view));
        return TypedResults.Ok(map(view));
    }

    public static Results<Ok<TResponse>, ProblemHttpResult> Read<TView, TResponse>(
        HttpContext http, TView? view, string notFound, Func<TView, TResponse> map, Func<TView, long> version)
        where TView : class
    {
        if (view is null) return Problems.Result(DomainError.NotFound(notFound), http);
        SetETag(http, version(view));
        return TypedResults.Ok(map(view));
    }

    public static void SetETag(HttpContext http, long version) =>
        http.Response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
