using System.Text.Json.Nodes;

namespace Domains.Cli.Manifests;

/// <summary>One YAML document of an apply file: its place in the file and its content as JSON.</summary>
public sealed record ManifestDocument(int Index, long Line, JsonObject Content)
{
    public string Kind => Content["kind"]?.GetValue<string>() ?? "";

    public string Id => Content["id"]?.GetValue<string>() ?? "";

    public JsonObject Spec => Content["spec"] as JsonObject ?? new JsonObject();

    public string Name => $"document {Index + 1} (line {Line}, {Kind} {Id})";
}
