namespace Domains.Grains.Channels;

/// <summary>Where people open the console (<c>Console:PublicUrl</c>); texts link to an entity's page when it is set.</summary>
public sealed class ConsoleLinkOptions
{
    public const string Section = "Console";

    public string? PublicUrl { get; set; }

    /// <summary>The console page of <paramref name="entity"/> (<c>{type}/{id}</c>), or <c>null</c> without a public URL.</summary>
    public string? LinkTo(string entity)
    {
        if (string.IsNullOrWhiteSpace(PublicUrl) || !Uri.TryCreate(PublicUrl, UriKind.Absolute, out var root)) return null;
        var slash = entity.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) return null;
        var path = $"{entity[..slash]}s/{Uri.EscapeDataString(entity[(slash + 1)..])}";
        return new Uri(new Uri(root.ToString().TrimEnd('/') + "/"), path).ToString();
    }
}
