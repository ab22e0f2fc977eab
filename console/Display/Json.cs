using System.Globalization;
using System.Text.Json;

namespace Domains.WebConsole.Display;

/// <summary>Reading the API's JSON in pages without a second model of every resource.</summary>
public static class Json
{
    public static string Str(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? "",
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => "",
            }
            : "";

    public static JsonElement Get(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? value : default;

    public static bool Has(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
        && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    public static IEnumerable<JsonElement> Each(this JsonElement element, string property) =>
        element.Get(property) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static long Long(this JsonElement element, string property) =>
        element.Get(property) is { ValueKind: JsonValueKind.Number } n ? n.GetInt64() : 0;

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
