using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Domains.ClientApi.Http;

/// <summary>
/// Writes instants as RFC 3339 UTC (<c>2026-11-27T08:00:00Z</c>, fractions only when present); reads
/// them cut to whole microseconds, the precision PostgreSQL keeps, so an instant survives storage unchanged.
/// </summary>
public sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var instant = reader.GetDateTimeOffset().ToUniversalTime();
        return new DateTimeOffset(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
