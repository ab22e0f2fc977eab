using System.Security.Cryptography;
using System.Text.Json;
using Domains.GrainInterfaces.Audit;

namespace Domains.Grains.Audit;

/// <summary>
/// The change digest of a transition, from the entity's view (as JSON) before and after it: every
/// top-level field whose JSON differs (or appears, or goes), by name in ordinal order, and the SHA-256
/// of a JSON object holding exactly those fields' new values (a removed field as <c>null</c>). The
/// view's own JSON is compared, so a field written the same way twice is no change. The version and
/// the instants every transition moves are left out: the event carries them itself.
/// </summary>
public static class AuditDigest
{
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal) { "version", "createdAt", "updatedAt" };

    public static AuditChanges Compute(string? before, string after)
    {
        var old = Fields(before);
        var now = Fields(after);
        var changed = now.Keys.Union(old.Keys)
            .Where(name => !Bookkeeping.Contains(name))
            .Where(name => !old.TryGetValue(name, out var was) || !now.TryGetValue(name, out var value) || was != value)
            .Order(StringComparer.Ordinal)
            .ToList();

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var name in changed)
            {
                json.WritePropertyName(name);
                json.WriteRawValue(now.TryGetValue(name, out var value) ? value : "null", skipInputValidation: true);
            }
            json.WriteEndObject();
        }
        return new AuditChanges(changed, Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())));
    }

    private static Dictionary<string, string> Fields(string? json)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is null) return fields;
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object) return fields;
        foreach (var property in document.RootElement.EnumerateObject()) fields[property.Name] = property.Value.GetRawText();
        return fields;
    }
}
