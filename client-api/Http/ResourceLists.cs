using System.Text.Json.Nodes;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Lists;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Http;

/// <summary>
/// The list endpoints of API.md "Lists for people and tools": one page of the list table, newest first,
/// mapped to the resource's HTTP body. A unit caller is confined to its own rows: naming another unit is
/// answered 404, as a read of that unit's resource is.
/// </summary>
public static class ResourceLists
{
    public static async Task<Results<Ok<PageResponse<TResponse>>, ProblemHttpResult>> PageAsync<TView, TResponse>(
        HttpContext http, IClusterClient orleans, ResourceQuery query, Func<TView, TResponse> map)
    {
        var page = await orleans.GetGrain<IResourceListGrain>(0).ListAsync(query);
        return TypedResults.Ok(new PageResponse<TResponse>(page.Items.Select(json => map(ViewJson.Deserialize<TView>(json))).ToList(), page.NextCursor));
    }

    /// <summary>
    /// The unit a unit caller may list (its own, whatever it asked for), or the filter as asked for other
    /// roles; <c>false</c> when a unit asked for another unit's rows.
    /// </summary>
    public static bool TryConfine(HttpContext http, ref string? unitId)
    {
        var actor = http.User.ToActor();
        if (actor.Role != Role.Unit) return true;
        if (unitId is not null && unitId != actor.UnitId) return false;
        unitId = actor.UnitId;
        return true;
    }

    public static ProblemHttpResult OtherUnit(HttpContext http, string unitId) =>
        Problems.Result(DomainError.NotFound($"Unit '{unitId}'"), http);

    /// <summary>A JSON object of the given top-level fields that are set, or <c>null</c> when none is.</summary>
    public static string? Contains(params (string Field, JsonNode? Value)[] fields)
    {
        var set = fields.Where(f => f.Value is not null).ToList();
        if (set.Count == 0) return null;
        var json = new JsonObject();
        foreach (var (field, value) in set) json[field] = value;
        return json.ToJsonString();
    }
}
