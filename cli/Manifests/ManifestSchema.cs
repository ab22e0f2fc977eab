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
        // The deepest failure that made the document fail: not one inside an alternative that another satisfied
        // (a oneOf's other branch, an if that chose else), whose ancestor passed.
        var passed = results.Details.Where(d => d.IsValid).Select(d => (Schema: d.EvaluationPath.ToString(), Instance: d.InstanceLocation.ToString())).ToList();
        var failure = results.Details
            .Where(d => d.HasErrors && !passed.Any(p => Within(d.EvaluationPath.ToString(), p.Schema) && Within(d.InstanceLocation.ToString(), p.Instance)))
            .OrderByDescending(d => d.InstanceLocation.Count).FirstOrDefault();
        if (failure is null) return $"{document.Name}: does not match the schema";
        var (keyword, message) = failure.Errors!.First();
        var path = failure.InstanceLocation.ToString();
        return $"{document.Name}: {(path.Length == 0 ? "/" : path)}: {keyword}: {message}";
    }

    private static bool Within(string path, string ancestor) => ancestor.Length == 0 || path.StartsWith(ancestor + "/", StringComparison.Ordinal) || path == ancestor;

    private static string Load()
    {
        using var stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream("domainsctl.schema.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
