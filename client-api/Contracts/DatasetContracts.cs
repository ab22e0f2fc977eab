using System.Text.RegularExpressions;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Datasets;

namespace Domains.ClientApi.Contracts;

public sealed record SensitiveColumnBody(string? Name, ColumnTreatment? Treatment);

/// <summary>
/// A catalogue entry as the authority registers it (DATAPLANE.md §2). Table and column names are plain
/// lower-case PostgreSQL identifiers, so the driver's views never quote caller text.
/// </summary>
public sealed partial record PutDatasetRequest(
    string? Title, string? Department, DatasetClassification? Classification, string? Table, List<SensitiveColumnBody>? SensitiveColumns) : IRequestBody
{
    public const int MaxSensitiveColumns = 200;

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}\\.[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex TablePattern();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex ColumnPattern();

    public void Validate(Validator v)
    {
        v.Required("title", Title, 200).Required("department", Department, 200).Required("classification", Classification);
        v.Check(Table is not null && TablePattern().IsMatch(Table), "table", "must be schema.table in lower-case letters, digits and '_'");
        v.Check(SensitiveColumns is null || SensitiveColumns.Count <= MaxSensitiveColumns, "sensitiveColumns", $"has more than {MaxSensitiveColumns} entries");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (column, i) in (SensitiveColumns ?? []).Select((c, i) => (c, i)))
        {
            v.Check(column?.Name is { } name && ColumnPattern().IsMatch(name), $"sensitiveColumns[{i}].name", "must be a column name in lower-case letters, digits and '_'");
            v.Check(column?.Treatment is not null, $"sensitiveColumns[{i}].treatment", "is required (pseudonymize or drop)");
            v.Check(column?.Name is null || seen.Add(column.Name), $"sensitiveColumns[{i}].name", "is named twice");
        }
    }

    public string? AuditReason => $"dataset {Title}";

    public DatasetDefinition ToDefinition() => new(
        Title!.Trim(), Department!.Trim(), Classification!.Value, Table!,
        (SensitiveColumns ?? []).Select(c => new SensitiveColumn(c.Name!, c.Treatment!.Value)).ToList());
}

public sealed record DatasetResponse(
    string Id, DatasetStatus State, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string DomainId,
    string Title, string Department, DatasetClassification Classification, string Table, IReadOnlyList<SensitiveColumnBody> SensitiveColumns)
{
    public static DatasetResponse From(DatasetView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.DomainId, v.Definition.Title, v.Definition.Department,
        v.Definition.Classification, v.Definition.Table, v.Definition.SensitiveColumns.Select(c => new SensitiveColumnBody(c.Name, c.Treatment)).ToList());
}
