using System.Globalization;
using System.Text.Json.Nodes;

namespace Domains.Cli.Manifests;

/// <summary>Compares a desired value with the API's: instants by the instant they name, numbers by value, the rest exactly.</summary>
public static class JsonCompare
{
    /// <summary>
    /// The top-level fields of <paramref name="desired"/> whose value differs in <paramref name="actual"/>, leaving
    /// out the dotted paths <paramref name="writeOnly"/> of the desired value (the API never shows them) and
    /// <paramref name="shownOnly"/> of the actual one (the API shows them, nobody writes them).
    /// </summary>
    public static IReadOnlyList<string> Differing(JsonObject desired, JsonNode actual, IReadOnlyList<string> writeOnly, IReadOnlyList<string> shownOnly)
    {
        var wanted = Without((JsonObject)desired.DeepClone(), writeOnly);
        var shown = actual is JsonObject current ? Without((JsonObject)current.DeepClone(), shownOnly) : actual;
        return wanted.Where(p => !Equal(p.Value, shown[p.Key])).Select(p => p.Key).ToList();
    }

    /// <summary>The top-level fields of <paramref name="desired"/> that hold one of the dotted <paramref name="paths"/>.</summary>
    public static IReadOnlyList<string> Holding(JsonObject desired, IReadOnlyList<string> paths) =>
        paths.Where(path => Find(desired, path) is not null).Select(path => path.Split('.')[0]).Distinct(StringComparer.Ordinal).ToList();

    private static JsonObject Without(JsonObject node, IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            var parts = path.Split('.');
            if (Find(node, string.Join('.', parts[..^1])) is JsonObject parent) parent.Remove(parts[^1]);
        }
        return node;
    }

    private static JsonNode? Find(JsonObject node, string path)
    {
        JsonNode? at = node;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries)) at = (at as JsonObject)?[part];
        return at;
    }

    public static bool Equal(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (JsonObject x, JsonObject y) => x.All(p => Equal(p.Value, y[p.Key])) && y.Where(p => p.Value is not null).All(p => x.ContainsKey(p.Key)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Equal(p.First, p.Second)),
        (JsonValue x, JsonValue y) => ValueEqual(x, y),
        _ => false,
    };

    private static bool ValueEqual(JsonValue x, JsonValue y)
    {
        if (x.TryGetValue<string>(out var xs) && y.TryGetValue<string>(out var ys))
        {
            if (xs == ys) return true;
            return xs.Contains('T', StringComparison.Ordinal) && ys.Contains('T', StringComparison.Ordinal)
                && DateTimeOffset.TryParse(xs, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var xt)
                && DateTimeOffset.TryParse(ys, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var yt) && xt == yt;
        }
        if (x.TryGetValue<double>(out var xn) && y.TryGetValue<double>(out var yn)) return xn == yn;
        if (x.TryGetValue<bool>(out var xb) && y.TryGetValue<bool>(out var yb)) return xb == yb;
        return x.ToJsonString() == y.ToJsonString();
    }
}
