using System.Text.Json;

namespace Domains.GrainInterfaces;

/// <summary>How views are written to the list table and read back from it.</summary>
public static class ViewJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(T view) => JsonSerializer.Serialize(view, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"A null {typeof(T).Name} in the list table.");
}
