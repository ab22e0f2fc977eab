using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Domains.Grains.Storage;

/// <summary>
/// Stores grain state as plain JSON with no CLR type names: the state type comes from the grain's
/// declaration, so renaming a class never orphans stored state. Enums are stored as their explicit
/// numbers, which STYLE.md forbids renumbering.
/// </summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
        ?? throw new InvalidOperationException($"Stored state of {typeof(T).Name} deserialized to null.");
}
