namespace Domains.GrainInterfaces.Exports;

/// <summary>What the authority reviews: the table's columns, its row count and its first 20 rows (values as text, null as null).</summary>
[GenerateSerializer, Immutable, Alias("domains.ExportPreview")]
public sealed record ExportPreview(
    [property: Id(0)] IReadOnlyList<string> Columns,
    [property: Id(1)] long Rows,
    [property: Id(2)] IReadOnlyList<IReadOnlyList<string?>> Sample);
