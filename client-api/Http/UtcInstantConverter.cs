using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Domains.ClientApi.Http;

/// <summary>
/// Writes instants as RFC 3339 UTC (<c>2026-11-27T08:00:00Z</c>, fractions only when present); reads
/// them cut to whole microseconds, the precision PostgreSQL keeps, so an instant survives storage unchanged,
/// and no later than <see cref="Latest"/>.
/// </summary>
public sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>
    /// The latest instant a request may name. The rules add up to years to instants (a 36-month term, its
    /// report periods, six months of log retention, incident ageing, durations of up to 1,000 years), and
    /// <see cref="DateTimeOffset"/> ends in 9999: a bound far below that keeps every sum representable.
    /// </summary>
    public static readonly DateTimeOffset Latest = new(2999, 12, 31, 23, 59, 59, 999, 999, TimeSpan.Zero);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var instant = reader.GetDateTimeOffset().ToUniversalTime();
        if (instant > Latest) throw new JsonException($"An instant is at the latest {Latest:O}.");
        return new DateTimeOffset(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
