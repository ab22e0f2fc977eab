using System.Text.Json;

namespace Domains.ClientApi.Http;

/// <summary>The kebab-case wire name of an enum member, as JSON bodies spell it.</summary>
public static class EnumNames
{
    public static string Kebab<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
