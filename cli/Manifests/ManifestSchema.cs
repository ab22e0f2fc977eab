using System.Text.Json.Nodes;
using Json.Schema;

namespace Domains.Cli.Manifests;

/// <summary>The JSON Schema of apply documents (<c>domainsctl schema</c> prints it) and the check of each document.</summary>
public static class ManifestSchema
{
    public static string Text { get; } = Load();

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(Text));

    /// <summary>The first violation of a document as "document N (line L, Kind id): PATH: rule", or null when valid.</summary>
    public static string? Violation(ManifestDocument document)
    {
        var results = Schema.Value.Evaluate(document.Content, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return null;
        var failure = results.Details.Where(d => d.HasErrors).OrderByDescending(d => d.InstanceLocation.Count).FirstOrDefault();
        if (failure is null) return $"{document.Name}: does not match the schema";
        var (keyword, message) = failure.Errors!.First();
        var path = failure.InstanceLocation.ToString();
        return $"{document.Name}: {(path.Length == 0 ? "/" : path)}: {keyword}: {message}";
    }

    private static string Load()
    {
        using var stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream("domainsctl.schema.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
