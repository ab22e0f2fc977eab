namespace Domains.WebConsole;

/// <summary>Sign-in through an OpenID Connect provider (<c>Console:Oidc</c>); local accounts when <see cref="Authority"/> is empty.</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "domains-console";

    /// <summary>The client's secret, when the provider wants one; from the environment or a secret store, never a command line.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The provider's claims that carry the API's <c>role</c> and <c>unit</c>.</summary>
    public string RoleClaim { get; set; } = "role";

    public string UnitClaim { get; set; } = "unit";
}
