namespace Domains.ClientApi.Auth;

/// <summary>The claim names of API.md.</summary>
public static class Claims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Unit = "unit";
}
