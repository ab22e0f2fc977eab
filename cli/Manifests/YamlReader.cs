using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Domains.Cli.Manifests;

/// <summary>
/// Reads an apply file (one or many YAML documents) into JSON: plain scalars that read as booleans, numbers or
/// null become those, quoted ones stay strings. A syntax error names its line and column.
/// </summary>
public static class YamlReader
{
    public static IReadOnlyList<ManifestDocument> Read(string path, TextReader text)
    {
        var stream = new YamlStream();
        var parser = new Parser(text);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw CliException.Usage($"{path}:{e.Start.Line}:{e.Start.Column}: YAML syntax error: {Inner(e).Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed flow collections: name where parsing stopped.
            var at = parser.Current?.End;
            throw CliException.Usage($"{path}:{at?.Line ?? 1}:{at?.Column ?? 1}: YAML syntax error: malformed text after this point");
        }

        var documents = new List<ManifestDocument>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" }) continue;
            if (ToJson(document.RootNode) is not JsonObject content)
            {
                throw CliException.Usage($"{path}:{document.RootNode.Start.Line}:{document.RootNode.Start.Column}: a document must be a mapping (kind, id, spec)");
            }
            documents.Add(new ManifestDocument(documents.Count, document.RootNode.Start.Line, content));
        }
        return documents;
    }

    private static Exception Inner(Exception e) => e.InnerException is { } inner && inner.Message.Length > 0 ? Inner(inner) : e;

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(value);
        if (value is "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return JsonValue.Create(whole);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && value.Any(char.IsDigit)) return JsonValue.Create(real);
        return JsonValue.Create(value);
    }
}
