namespace Domains.Grains.Units;

/// <summary>An authorization of the unit as the unit knows it: which notice it answers and whether it is still live.</summary>
public sealed class TrackedAuthorization
{
    public string AuthorizationId { get; set; } = "";

    public string NoticeId { get; set; } = "";

    public bool Live { get; set; }
}
