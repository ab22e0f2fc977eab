using System.Text.Json;
using System.Text.Json.Nodes;

namespace Domains.GrainInterfaces.Workspaces;

/// <summary>
/// Where a workspace of the PostgreSQL driver is reached (API.md: the workspace's <c>connection</c>), read
/// from its resources. Never a password: resources written before credentials existed held one, and
/// <see cref="WithoutPassword"/> takes it out of anything shown.
/// </summary>
public sealed record WorkspaceConnection(string Host, int Port, string Database, string Username, string Schema, string DatasetSchema)
{
    public static WorkspaceConnection? Parse(string? resourcesJson)
    {
        if (resourcesJson is null) return null;
        try
        {
            var root = JsonDocument.Parse(resourcesJson).RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Text("host") is not { } host || !root.TryGetProperty("port", out var port) || port.ValueKind != JsonValueKind.Number
                || Text("database") is not { } database || Text("username") is not { } username || Text("schema") is not { } schema)
            {
                return null;
            }
            return new WorkspaceConnection(host, port.GetInt32(), database, username, schema, Text("datasetSchema") ?? schema + "_ds");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The resources without any <c>password</c> property (at any depth).</summary>
    public static string? WithoutPassword(string? resourcesJson)
    {
        if (resourcesJson is null || !resourcesJson.Contains("password", StringComparison.OrdinalIgnoreCase)) return resourcesJson;
        try
        {
            var node = JsonNode.Parse(resourcesJson);
            Strip(node);
            return node?.ToJsonString() ?? resourcesJson;
        }
        catch (JsonException)
        {
            return resourcesJson;
        }
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).Where(k => k.Equals("password", StringComparison.OrdinalIgnoreCase)).ToList()) obj.Remove(key);
                foreach (var (_, child) in obj) Strip(child);
                break;
            case JsonArray array:
                foreach (var child in array) Strip(child);
                break;
        }
    }
}
