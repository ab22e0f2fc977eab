namespace Domains.GrainInterfaces.Exports;

/// <summary>An export as the API shows it; <see cref="Sha256"/> and <see cref="RowCount"/> are those of the delivered file.</summary>
[GenerateSerializer, Immutable, Alias("domains.ExportView")]
public sealed record ExportView(
    [property: Id(0)] string Id,
    [property: Id(1)] ExportStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string WorkspaceId,
    [property: Id(6)] string UnitId,
    [property: Id(7)] string Table,
    [property: Id(8)] string Purpose,
    [property: Id(9)] string? ProductId,
    [property: Id(10)] ExportPreview Preview,
    [property: Id(11)] long? RowCount,
    [property: Id(12)] string? Sha256,
    [property: Id(13)] DateTimeOffset? DeliveredAt,
    [property: Id(14)] string? ReviewNote,
    [property: Id(15)] DateTimeOffset? ReviewedAt);
