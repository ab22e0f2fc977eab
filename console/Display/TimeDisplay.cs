using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Html;

namespace Domains.WebConsole.Display;

/// <summary>Instants in the person's time zone, with the UTC instant on hover (and in the markup for machines).</summary>
public static class TimeDisplay
{
    public static TimeZoneInfo Zone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    public static IHtmlContent Show(DateTimeOffset? at, string zoneId)
    {
        if (at is not { } instant) return new HtmlString("—");
        var zone = Zone(zoneId);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var utc = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{utc}\" title=\"UTC {utc}\">{WebUtility.HtmlEncode(text)}</time>");
    }

    public static IHtmlContent Show(JsonElement element, string property, string zoneId) => Show(Instant(element, property), zoneId);

    public static DateTimeOffset? Instant(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
}
