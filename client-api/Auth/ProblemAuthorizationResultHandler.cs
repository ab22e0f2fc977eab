using Domains.ClientApi.Errors;
using Domains.GrainInterfaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Domains.ClientApi.Auth;

/// <summary>Answers a role that may not do this with a <c>403 forbidden</c> problem, like every other refusal.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden)
        {
            return Problems.Write(context, new DomainError(ErrorCodes.Forbidden, "Your role may not do this."));
        }
        return _default.HandleAsync(next, context, policy, result);
    }
}
