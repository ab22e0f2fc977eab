using System.Globalization;
using System.Text.Json;

namespace Domains.Grains.Delivery;

/// <summary>The body of a notice webhook: the inbox notice exactly as <c>GET /v1/inbox</c> shows it.</summary>
public sealed record NoticePayload(string Id, string Kind, string Recipient, string Entity, DateTimeOffset At, string Subject)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The same bytes on every attempt, so a receiver may compare repeats byte for byte.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(
        new { id = Id, kind = Kind, recipient = Recipient, entity = Entity, at = FormatInstant(At), subject = Subject }, Json);

    /// <summary>RFC 3339 UTC, as the API writes instants.</summary>
    private static string FormatInstant(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
