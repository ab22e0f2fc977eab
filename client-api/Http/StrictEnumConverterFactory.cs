using System.Text.Json;
using System.Text.Json.Serialization;

namespace Domains.ClientApi.Http;

/// <summary>
/// Reads an enum only as one member's name. <see cref="JsonStringEnumConverter"/> also takes a flags-style
/// list ("province, city") as the bitwise OR of its members: a value no enum of the API means, and one
/// that may even equal another member (1 | 2 is 3). Writing is the inner converter's.
/// </summary>
public sealed class StrictEnumConverterFactory(JsonConverterFactory inner) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Strict<>).MakeGenericType(typeToConvert), inner.CreateConverter(typeToConvert, options))!;

    private sealed class Strict<TEnum>(JsonConverter inner) : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        private readonly JsonConverter<TEnum> _inner = (JsonConverter<TEnum>)inner;

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String && reader.GetString()!.Contains(',', StringComparison.Ordinal))
            {
                throw new JsonException($"A {typeof(TEnum).Name} is one member's name, not a list.");
            }
            var value = _inner.Read(ref reader, typeToConvert, options);
            return Enum.IsDefined(value) ? value : throw new JsonException($"Not a member of {typeof(TEnum).Name}.");
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => _inner.Write(writer, value, options);
    }
}
