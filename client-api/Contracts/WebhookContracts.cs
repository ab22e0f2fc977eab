using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Inbox;
using Domains.GrainInterfaces.Webhooks;

namespace Domains.ClientApi.Contracts;

/// <summary><c>PUT /v1/webhooks/{id}</c>. No message ever repeats the secret, not even a wrong one.</summary>
public sealed record PutWebhookRequest(string? Url, IReadOnlyList<string?>? Kinds, string? Secret) : IRequestBody
{
    public void Validate(Validator v) => v
        .Check(WebhookDefinition.IsValidUrl(Url), "url", $"must be an absolute http or https URL of at most {WebhookDefinition.MaximumUrlLength} characters")
        .Check(Kinds is { Count: > 0 }, "kinds", "must list at least one notice kind")
        .Check(Kinds is null || Kinds.All(k => k is not null && NotificationKinds.All.Contains(k)), "kinds",
            $"may only hold notice kinds: {string.Join(", ", NotificationKinds.All)}")
        .Check(Secret is { Length: >= WebhookDefinition.MinimumSecretLength and <= WebhookDefinition.MaximumSecretLength }, "secret",
            $"must have {WebhookDefinition.MinimumSecretLength} to {WebhookDefinition.MaximumSecretLength} characters");

    public WebhookDefinition ToDefinition() => new(Url!, Kinds!.Select(k => k!).Distinct(StringComparer.Ordinal).ToList(), Secret!);
}

public sealed record WebhookResponse(
    string Id,
    WebhookStatus State,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Url,
    IReadOnlyList<string> Kinds,
    bool SecretSet)
{
    public static WebhookResponse From(WebhookView v) => new(v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.Url, v.Kinds, v.SecretSet);
}
