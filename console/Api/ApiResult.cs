using System.Net;
using System.Text.Json;

namespace Domains.WebConsole.Api;

/// <summary>An API answer: its status, its JSON body, its version (ETag) and, for a problem, its code.</summary>
public sealed record ApiResult(HttpStatusCode Status, JsonElement Body, string? ETag)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    /// <summary>The problem's stable code (<c>version-mismatch</c>, …), or null for a success.</summary>
    public string? Code => !Ok && Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) ? code.GetString() : null;

    public string? Detail => !Ok && Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("detail", out var detail) ? detail.GetString() : null;

    public IEnumerable<JsonElement> Items =>
        Ok && Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    public string? NextCursor =>
        Ok && Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;

    /// <summary>The body's <c>version</c> as If-Match wants it, or the ETag.</summary>
    public string? Version =>
        Ok && Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : ETag?.Trim('"');

    public static ApiResult Unavailable(string code) =>
        new(HttpStatusCode.ServiceUnavailable, JsonSerializer.SerializeToElement(new { code }), null);
}
