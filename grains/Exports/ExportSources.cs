using System.Text.Json;

namespace Domains.Grains.Exports;

/// <summary>A workspace's login role and own schema, from its resources (the PostgreSQL driver's, top level or under <c>connection</c>).</summary>
public static class ExportSources
{
    public static (string Role, string Schema)? Of(string? resourcesJson)
    {
        if (string.IsNullOrEmpty(resourcesJson)) return null;
        try
        {
            using var document = JsonDocument.Parse(resourcesJson);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("connection", out var connection) && connection.ValueKind == JsonValueKind.Object) root = connection;
            return Text(root, "username") is { } role && Text(root, "schema") is { } schema ? (role, schema) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
