using System.Collections.Concurrent;
using System.Text.Json;

namespace Domains.Grains.Lifecycle;

/// <summary>The kebab-case wire name of an enum member (<c>AwaitingAcceptance</c> → <c>awaiting-acceptance</c>).</summary>
public static class Kebab
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Name(Enum value) =>
        Names.GetOrAdd(value, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));
}
