using System.Text.Json;

namespace Domains.Grains.Usage;

/// <summary>
/// Which data-server login a workspace's usage records carry: the <c>username</c> of its resources (the
/// PostgreSQL driver's, top level or under <c>connection</c>). Records are kept by login, not by workspace,
/// so they follow the resources as the access log does: a renewal that takes them over reads them too.
/// </summary>
public static class UsageRoles
{
    public static string? Of(string? resourcesJson)
    {
        if (string.IsNullOrEmpty(resourcesJson)) return null;
        try
        {
            using var document = JsonDocument.Parse(resourcesJson);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("username", out var name) && name.ValueKind == JsonValueKind.String) return name.GetString();
            if (root.TryGetProperty("connection", out var connection) && connection.ValueKind == JsonValueKind.Object
                && connection.TryGetProperty("username", out var nested) && nested.ValueKind == JsonValueKind.String)
            {
                return nested.GetString();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
