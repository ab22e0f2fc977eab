using System.Security.Claims;
using Domains.GrainInterfaces;

namespace Domains.ClientApi.Auth;

public static class ActorExtensions
{
    /// <summary>The actor of a validated token (validation guarantees <c>sub</c> and a known <c>role</c>).</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        RoleNames.TryParse(user.FindFirstValue(Claims.Role), out var role);
        return new Actor(user.FindFirstValue(Claims.Subject) ?? "", role, user.FindFirstValue(Claims.Unit));
    }
}
