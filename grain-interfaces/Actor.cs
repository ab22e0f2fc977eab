namespace Domains.GrainInterfaces;

/// <summary>Who issues a command: the token's <c>sub</c>, its role and, for a unit, its USCC.</summary>
[GenerateSerializer, Immutable, Alias("domains.Actor")]
public sealed record Actor(
    [property: Id(0)] string Subject,
    [property: Id(1)] Role Role,
    [property: Id(2)] string? UnitId = null)
{
    /// <summary>The controller itself, acting on a deadline.</summary>
    public static readonly Actor System = new("system", Role.System);

    public string RoleName => RoleNames.Of(Role);
}
