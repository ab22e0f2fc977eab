using System.Text;

namespace Domains.GrainInterfaces.Webhooks;

/// <summary>What <c>PUT /v1/webhooks/{id}</c> sets: where notices go, which kinds, and the signing secret.</summary>
[GenerateSerializer, Immutable, Alias("domains.WebhookDefinition")]
public sealed record WebhookDefinition(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Kinds,
    [property: Id(2)] string Secret)
{
    /// <summary>Shorter secrets are refused: the signature is only as strong as the key.</summary>
    public const int MinimumSecretLength = 16;

    public const int MaximumSecretLength = 512;

    public const int MaximumUrlLength = 2000;

    public static bool IsValidUrl(string? url) =>
        url is { Length: <= MaximumUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>A record prints every member: this one must never print the secret, wherever it is logged.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Url = {Url}, Kinds = [{string.Join(", ", Kinds)}], Secret = ***");
        return true;
    }
}
