namespace Domains.GrainInterfaces.Datasets;

/// <summary>A catalogued dataset's classification (DATAPLANE.md §2). Persisted numbers: never renumber.</summary>
public enum DatasetClassification
{
    General = 1,
    Sensitive = 2,
}

/// <summary>What a workspace sees of a sensitive column. Persisted numbers: never renumber.</summary>
public enum ColumnTreatment
{
    /// <summary>HMAC-SHA256 with the domain's secret, hex: equal inputs give equal outputs, the value stays unreadable.</summary>
    Pseudonymize = 1,

    /// <summary>Not visible at all.</summary>
    Drop = 2,
}

/// <summary>States of a catalogue entry. Persisted numbers: never renumber.</summary>
public enum DatasetStatus
{
    Registered = 1,
}

[GenerateSerializer, Immutable, Alias("domains.SensitiveColumn")]
public sealed record SensitiveColumn(
    [property: Id(0)] string Name,
    [property: Id(1)] ColumnTreatment Treatment);

/// <summary>The authority's registration of a dataset in a domain: the table (<c>schema.table</c>) on the domain's data server.</summary>
[GenerateSerializer, Immutable, Alias("domains.DatasetDefinition")]
public sealed record DatasetDefinition(
    [property: Id(0)] string Title,
    [property: Id(1)] string Department,
    [property: Id(2)] DatasetClassification Classification,
    [property: Id(3)] string Table,
    [property: Id(4)] IReadOnlyList<SensitiveColumn> SensitiveColumns);

[GenerateSerializer, Immutable, Alias("domains.DatasetView")]
public sealed record DatasetView(
    [property: Id(0)] string Id,
    [property: Id(1)] DatasetStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string DomainId,
    [property: Id(6)] DatasetDefinition Definition);

/// <summary>A dataset as a workspace's view is made of it: its id and what the catalogue says of it.</summary>
[GenerateSerializer, Immutable, Alias("domains.CataloguedDataset")]
public sealed record CataloguedDataset(
    [property: Id(0)] string Id,
    [property: Id(1)] DatasetDefinition Definition);
