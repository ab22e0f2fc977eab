namespace Domains.GrainInterfaces.Webhooks;

/// <summary>A webhook as it is shown: everything but the secret, of which only its presence.</summary>
[GenerateSerializer, Immutable, Alias("domains.WebhookView")]
public sealed record WebhookView(
    [property: Id(0)] string Id,
    [property: Id(1)] WebhookStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string Url,
    [property: Id(6)] IReadOnlyList<string> Kinds,
    [property: Id(7)] bool SecretSet);
