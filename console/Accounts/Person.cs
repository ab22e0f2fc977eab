using System.Security.Claims;

namespace Domains.WebConsole.Accounts;

/// <summary>The signed-in person as the console's cookie holds them: the API's <c>sub</c>, <c>role</c> and <c>unit</c>.</summary>
public sealed record Person(string Name, string Role, string? Unit, string TimeZone)
{
    public const string RoleClaim = "role";
    public const string UnitClaim = "unit";
    public const string TimeZoneClaim = "tz";
    public const string NameClaim = "sub";

    public bool Is(params string[] roles) => roles.Contains(Role, StringComparer.Ordinal);

    public static Person? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var name = user.FindFirstValue(NameClaim);
        var role = user.FindFirstValue(RoleClaim);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(role)) return null;
        return new Person(name, role, user.FindFirstValue(UnitClaim), user.FindFirstValue(TimeZoneClaim) ?? "Asia/Shanghai");
    }

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(NameClaim, Name), new(RoleClaim, Role), new(TimeZoneClaim, TimeZone) };
        if (Unit is not null) claims.Add(new Claim(UnitClaim, Unit));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, NameClaim, RoleClaim));
    }
}
