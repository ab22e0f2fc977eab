using Domains.ClientApi.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Domains.Tests.Fixtures;

/// <summary>
/// The routes of the running API, read from its <see cref="EndpointDataSource"/> rather than written by
/// hand, so that tests generated from it cover a new route the day it is mapped.
/// </summary>
public static class RouteTable
{
    public static readonly IReadOnlyList<string> AllRoles = ["authority", "supervisor", "automation", "unit", "auditor"];

    public static IReadOnlyList<ApiRoute> Read(IServiceProvider apiServices) =>
        apiServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint =>
            {
                // Endpoints without method metadata (health checks, the fallback) answer any method; GET stands for them.
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } listed ? listed : ["GET"];
                var roles = AdmittedRoles(endpoint);
                var body = endpoint.Metadata.GetMetadata<JsonBodyMetadata>()?.BodyType;
                var query = QueryNames(endpoint);
                return methods.Select(method => new ApiRoute(method, Normalize(endpoint.RoutePattern.RawText ?? ""), roles, body, endpoint.RoutePattern, query));
            })
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The roles the authorization middleware lets through, from the endpoint's metadata: <c>null</c> for
    /// a public route (no authorization metadata, or <c>AllowAnonymous</c>); every role for "any
    /// authenticated"; otherwise the intersection of every role requirement (each must pass).
    /// </summary>
    private static IReadOnlySet<string>? AdmittedRoles(Endpoint endpoint)
    {
        var authorizeData = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        var policies = endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>();
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || (authorizeData.Count == 0 && policies.Count == 0)) return null;
        if (authorizeData.Any(a => a.Policy is not null))
        {
            throw new NotSupportedException($"{endpoint.DisplayName} names a policy; teach RouteTable to resolve it.");
        }

        var roles = new HashSet<string>(AllRoles, StringComparer.Ordinal);
        foreach (var data in authorizeData.Where(a => !string.IsNullOrWhiteSpace(a.Roles)))
        {
            roles.IntersectWith(data.Roles!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
        foreach (var requirement in policies.SelectMany(p => p.Requirements).OfType<RolesAuthorizationRequirement>())
        {
            roles.IntersectWith(requirement.AllowedRoles);
        }
        return roles;
    }

    /// <summary>The query parameters a handler binds: its string parameters that the route pattern does not fill.</summary>
    private static IReadOnlyList<string> QueryNames(RouteEndpoint endpoint)
    {
        var handler = endpoint.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault();
        if (handler is null) return [];
        var fromRoute = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return handler.GetParameters()
            .Where(p => p.ParameterType == typeof(string) && p.Name is not null && !fromRoute.Contains(p.Name))
            .Select(p => p.Name!)
            .ToList();
    }

    /// <summary>A group's <c>MapGet("/")</c> reads <c>/v1/audit/</c>; routing matches it without the slash too.</summary>
    private static string Normalize(string pattern) => pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;
}
