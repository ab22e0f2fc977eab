using System.Text.Json;
using System.Text.Json.Serialization;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Channels;
using Domains.GrainInterfaces.Inbox;
using Domains.GrainInterfaces.Units;

namespace Domains.ClientApi.Contracts;

/// <summary>A DingTalk robot: its webhook URL and its signing secret ("加签"); empty (<c>{}</c>) for email.</summary>
public sealed record ChannelTargetBody(string? Url, string? Secret);

/// <summary>
/// <c>PUT /v1/channels/{id}</c>: <c>kind</c> <c>email</c>|<c>dingtalk</c>, the notice <c>kinds</c>, the
/// <c>recipients</c> (<c>units</c>, <c>supervisors</c>, <c>authority</c> or a list of USCCs), the
/// <c>target</c> and the <c>language</c> of its texts (<c>zh-CN</c>, the default, or <c>en</c>).
/// No message ever repeats the secret.
/// </summary>
public sealed record PutChannelRequest(string? Kind, IReadOnlyList<string?>? Kinds, JsonElement? Recipients, ChannelTargetBody? Target, string? Language) : IRequestBody
{
    public const int MaxUnits = 500;

    public void Validate(Validator v)
    {
        v.Check(Kind is "email" or "dingtalk", "kind", "must be email or dingtalk")
            .Check(Kinds is { Count: > 0 }, "kinds", "must list at least one notice kind")
            .Check(Kinds is null || Kinds.All(k => k is not null && NotificationKinds.All.Contains(k)), "kinds",
                $"may only hold notice kinds: {string.Join(", ", NotificationKinds.All)}")
            .Check(Language is null || ChannelDefinition.Languages.Contains(Language), "language", "must be zh-CN or en");
        ValidateRecipients(v);
        if (Kind == "dingtalk")
        {
            v.Check(Target is not null, "target", "must name the robot's url and secret")
                .Check(Target?.Url is { Length: <= 2000 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
                       && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp), "target.url",
                    "must be the robot's absolute https URL of at most 2000 characters")
                .Check(Target?.Secret is { Length: > 0 and <= ChannelDefinition.MaximumSecretLength }, "target.secret",
                    $"must be the robot's signing secret (1 to {ChannelDefinition.MaximumSecretLength} characters)");
        }
        else if (Kind == "email")
        {
            v.Check(Target is null or { Url: null, Secret: null }, "target", "must be {} for email: the addresses come from the recipients");
        }
    }

    private void ValidateRecipients(Validator v)
    {
        switch (Recipients)
        {
            case { ValueKind: JsonValueKind.String } group:
                v.Check(ChannelRecipients.Groups.Contains(group.GetString()), "recipients", "must be units, supervisors, authority or a list of USCCs");
                break;
            case { ValueKind: JsonValueKind.Array } list:
                var items = list.EnumerateArray().ToList();
                v.Check(items.Count is > 0 and <= MaxUnits, "recipients", $"must list 1 to {MaxUnits} USCCs");
                for (var i = 0; i < Math.Min(items.Count, MaxUnits); i++)
                {
                    v.Check(items[i].ValueKind == JsonValueKind.String && Uscc.IsValid(items[i].GetString()), $"recipients[{i}]", "is not a valid USCC");
                }
                break;
            default:
                v.Add("recipients", "must be units, supervisors, authority or a list of USCCs");
                break;
        }
    }

    public ChannelDefinition ToDefinition() => new(
        Kind == "dingtalk" ? ChannelKind.Dingtalk : ChannelKind.Email,
        Kinds!.Select(k => k!).Distinct(StringComparer.Ordinal).ToList(),
        Recipients!.Value.ValueKind == JsonValueKind.String
            ? ChannelRecipients.Of(Recipients.Value.GetString()!)
            : ChannelRecipients.OfUnits(Recipients.Value.EnumerateArray().Select(e => e.GetString()!)),
        Language ?? ChannelDefinition.Chinese,
        Kind == "dingtalk" ? Target!.Url : null,
        Kind == "dingtalk" ? Target!.Secret : null);
}

/// <summary>A robot's URL and whether its secret is set; <c>{}</c> for email.</summary>
public sealed record ChannelTargetResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? SecretSet);

public sealed record ChannelResponse(
    string Id,
    ChannelStatus State,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Kind,
    IReadOnlyList<string> Kinds,
    JsonElement Recipients,
    ChannelTargetResponse Target,
    string Language)
{
    public static ChannelResponse From(ChannelView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.Kind == ChannelKind.Dingtalk ? "dingtalk" : "email", v.Kinds,
        v.Recipients.Group is { } group ? JsonSerializer.SerializeToElement(group) : JsonSerializer.SerializeToElement(v.Recipients.Units),
        v.Kind == ChannelKind.Dingtalk ? new ChannelTargetResponse(v.RobotUrl, v.SecretSet) : new ChannelTargetResponse(null, null),
        v.Language);
}
